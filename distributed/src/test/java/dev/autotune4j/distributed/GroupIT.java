package dev.autotune4j.distributed;

import dev.autotune4j.dispatch.TunedChoice;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tuning groups of real JVMs on loopback (issue 16): each strategy in groups of 2 and 4, the same choices on every rank,
 * the division of the timing work, and a rank killed mid-pass that does not hang the others. Every child is destroyed
 * when a test ends, passed or not.
 */
class GroupIT {
    private static final List<String> STRATEGIES = List.of("independent", "broadcast", "merge", "parallel");
    /** One rank alone times the fallback and the eight tactics of the op's one profile. */
    private static final int ALONE = 9;

    @Test
    void twoRanks() throws Exception {
        check(2, runGroup(2, "30000", STRATEGIES));
    }

    @Test
    void fourRanks() throws Exception {
        check(4, runGroup(4, "30000", STRATEGIES));
    }

    private static void check(int size, Map<Integer, Map<String, Map<String, String>>> ranks) {
        for (String strategy : STRATEGIES) {
            String op = "sum-" + strategy;
            long total = 0;
            for (int r = 0; r < size; r++) {
                Map<String, String> line = ranks.get(r).get(op);
                assertEquals("5", line.get("choice"), "rank " + r + " " + op + ": " + ranks);
                total += Long.parseLong(line.get("timed"));
                long timed = Long.parseLong(line.get("timed"));
                switch (strategy) {
                    case "independent", "merge" -> assertEquals(ALONE, timed, "rank " + r + " times all: " + op);
                    case "broadcast" -> assertEquals(r == 0 ? ALONE : 0, timed, "only rank 0 times: rank " + r);
                    default -> assertEquals(1 + (8 / size) + (r < 8 % size ? 1 : 0), timed,
                            "rank " + r + " times the fallback and its share of the eight tactics");
                }
            }
            if (strategy.equals("parallel")) {
                assertEquals(size + 8, total, "each tactic timed once in the group, the fallback on every rank");
            }
        }
    }

    /**
     * The way a service joins: settings only ({@code -Dautotune4j.group=...}), the process tuner finding the Hazelcast
     * provider through the service loader, the op's strategy from {@code autotune4j.strategy}.
     */
    @Test
    void theProcessTunerJoinsFromSettings() throws Exception {
        String members = members(2);
        Path dir = groupDir();
        List<Process> children = new ArrayList<>();
        try {
            for (int r = 0; r < 2; r++) {
                children.add(start(r, 2, members, "30000", List.of("independent"), dir, "-Dautotune4j.group=it",
                        "-Dautotune4j.groupMembers=" + members, "-Dautotune4j.rank=" + r, "-Dautotune4j.strategy=parallel",
                        "-Dautotune4j.cache=" + dir.resolve("tuning.json")));
            }
            for (int r = 0; r < 2; r++) {
                String out = finished(children.get(r), r, dir);
                String err = Files.readString(dir.resolve("err" + r));
                // the op sets "independent" in its config: the setting is the default for ops that set none
                assertTrue(out.contains("op sum-independent choice=5 timed=9"), out + err);
                assertTrue(err.contains("joined tuning group 'it' as rank " + r + " of 2 (ops without a strategy: PARALLEL)"),
                        err);
            }
            // one file for the group, which both ranks saved into (merged under its lock): what one process reads later
            assertFalse(Files.exists(dir.resolve("tuning.rank1.json")), "no file of rank 1's own");
            List<TunedChoice> merged = TunedChoice.read(dir.resolve("tuning.rank0.json"));
            assertEquals(1, merged.size(), merged.toString());
            assertEquals("5", merged.get(0).tactic());
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    /** The ranks as clients of a cluster that already runs (a service's own Hazelcast), not members of their own. */
    @Test
    void ranksCanBeClientsOfAnExistingCluster() throws Exception {
        String member = members(1);
        Path dir = groupDir();
        List<Process> children = new ArrayList<>();
        try {
            Process cluster = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                    ClusterMember.class.getName(), "services", member.substring(member.indexOf(':') + 1))
                    .redirectOutput(dir.resolve("outM").toFile()).redirectError(dir.resolve("errM").toFile()).start();
            children.add(cluster);
            waitForLine(dir.resolve("outM"), "member up", 120);
            for (int r = 0; r < 2; r++) {
                children.add(start(r, 2, member, "30000", List.of("parallel", "client=services"), dir));
            }
            for (int r = 0; r < 2; r++) {
                String out = finished(children.get(r + 1), r, dir);
                // with its log: a rank that did not answer in time and a timing that flipped read alike in the output
                assertTrue(out.contains("op sum-parallel choice=5 timed=5"), "rank " + r + ": " + out
                        + Files.readString(dir.resolve("err" + r)));
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    /** A tactic that fails on one rank is that rank's "failed", not a missing answer: the collective completes. */
    @Test
    void aRankWhoseTacticsFailStillAnswers() throws Exception {
        Map<Integer, Map<String, Map<String, String>>> ranks = runGroup(2, "30000", List.of("parallel", "fail=1"));
        String chosen = ranks.get(0).get("sum-parallel").get("choice");
        assertTrue(chosen.equals("4") || chosen.equals("6"), "rank 1's share failed, so rank 0's best wins: " + ranks);
        assertEquals(chosen, ranks.get(1).get("sum-parallel").get("choice"), "the same on both ranks");
        assertEquals("4", ranks.get(1).get("sum-parallel").get("failures"), "rank 1's four tactics failed");
    }

    /** Rank 1 is killed once it has joined: rank 0 waits out the timeout, warns, and tunes on alone. */
    @Test
    void aKilledRankDoesNotHangTheOthers() throws Exception {
        String members = members(2);
        Path dir = groupDir();
        List<Process> children = new ArrayList<>();
        try {
            Process victim = start(1, 2, members, "3000", List.of("stall", "merge"), dir);
            children.add(victim);
            Process survivor = start(0, 2, members, "3000", List.of("merge", "parallel"), dir);
            children.add(survivor);
            waitForLine(dir.resolve("out1"), "joined", 120);
            victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            String out = finished(survivor, 0, dir);
            String err = Files.readString(dir.resolve("err0"));
            assertTrue(out.contains("op sum-merge choice=5") && out.contains("op sum-parallel choice=5"), out + err);
            assertTrue(err.contains("rank(s) [1] of the tuning group did not answer within 3000 ms"), err);
            assertTrue(out.contains("op sum-parallel choice=5 timed=" + ALONE), "after the loss, independent: " + out);
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    /** Starts the ranks, waits for all, and reads each rank's "op" lines: rank, op, field, value. */
    private static Map<Integer, Map<String, Map<String, String>>> runGroup(int size, String timeout, List<String> ops)
            throws Exception {
        String members = members(size);
        Path dir = groupDir();
        List<Process> children = new ArrayList<>();
        try {
            for (int r = 0; r < size; r++) {
                children.add(start(r, size, members, timeout, ops, dir));
            }
            Map<Integer, Map<String, Map<String, String>>> out = new HashMap<>();
            for (int r = 0; r < size; r++) {
                String text = finished(children.get(r), r, dir);
                Map<String, Map<String, String>> byOp = new HashMap<>();
                for (String line : text.split("\n")) {
                    if (line.startsWith("op ")) {
                        Map<String, String> fields = new HashMap<>();
                        String[] parts = line.split(" ");
                        for (int i = 2; i < parts.length; i++) {
                            fields.put(parts[i].substring(0, parts[i].indexOf('=')), parts[i].substring(parts[i].indexOf('=') + 1));
                        }
                        byOp.put(parts[1], fields);
                    } else if (line.startsWith("why ")) {
                        // the verdict, so that a failed check says why a rank chose what it chose
                        String[] parts = line.split(" ", 3);
                        byOp.computeIfAbsent(parts[1], k -> new HashMap<>()).put("why", parts[2]);
                    }
                }
                out.put(r, byOp);
            }
            return out;
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    /** Waits for rank {@code r} to end (a bounded wait: a hung rank fails the test) and returns its output. */
    private static String finished(Process p, int r, Path dir) throws Exception {
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "rank " + r + " did not finish: " + Files.readString(dir.resolve("out" + r)));
        String out = Files.readString(dir.resolve("out" + r));
        assertEquals(0, p.exitValue(), out + Files.readString(dir.resolve("err" + r)));
        return out;
    }

    private static Process start(int rank, int size, String members, String timeout, List<String> ops, Path dir,
                                 String... jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.dev.autotune4j.dispatch.ProcessTuner=info"));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), GroupApp.class.getName(),
                String.valueOf(rank), String.valueOf(size), members, timeout));
        cmd.addAll(ops);
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve("out" + rank).toFile())
                .redirectError(dir.resolve("err" + rank).toFile()).start();
    }

    private static void waitForLine(Path file, String prefix, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).lines().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + prefix + "' line in " + file + " after " + seconds + " s");
    }

    /** {@code 127.0.0.1:port} for {@code n} ranks, on ports free now, in rank order. */
    /** A directory for one group's files, in the build directory: {@code mvn clean} removes it. */
    private static Path groupDir() throws IOException {
        Path parent = Path.of("target/groups").toAbsolutePath();
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "group");
    }

    private static String members(int n) throws IOException {
        return String.join(",", freePorts(n).stream().map(p -> "127.0.0.1:" + p).toList());
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
