package dev.autotune4j.agent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent in real child JVMs, with the built agent jar, on JDK 17 and (where installed) JDK 25. */
class AgentIT {

    static List<Path> javaHomes() {
        return ChildJvm.javaHomes();
    }

    /** A tune run writes the expected entries; a replay run makes the same choices and does no tuning. */
    @ParameterizedTest
    @MethodSource("javaHomes")
    void tuneThenReplayInANewJvm(Path javaHome, @TempDir Path dir) throws Exception {
        Path cache = dir.resolve("scale.json");
        ChildJvm tune = ChildJvm.start(javaHome, "mode=tune,cache=" + cache, List.of(),
                "dev.autotune4j.testapp.ScaleApp", "2", "100", "1000").await(Duration.ofSeconds(60));
        assertEquals(0, tune.process.exitValue(), tune.stderr());
        // the body makes 8 passes, the FAST tactic 1: the result is size x passes of the implementation that ran
        assertEquals(List.of("100 100", "1000 1000", "100 100", "1000 1000"), tune.stdoutLines());
        Path file = dir.resolve("scale.rank0.json");
        String json = Files.readString(file);
        // buckets 1..4096: 13 profiles, each a cache entry
        assertEquals(13, json.split("\"op\" : \"scale\"").length - 1, json);
        assertTrue(json.contains("\"value\" : \"FAST\""), json);

        ChildJvm replay = ChildJvm.start(javaHome, "mode=replay,cache=" + cache, List.of(),
                "dev.autotune4j.testapp.ScaleApp", "2", "100", "1000", "3000").await(Duration.ofSeconds(60));
        assertEquals(List.of("100 100", "1000 1000", "3000 3000", "100 100", "1000 1000", "3000 3000"),
                replay.stdoutLines(), replay.stderr());
        assertEquals(13, stats(tune, "scale").get("tuned"), tune.stderr());
        assertEquals(Map.of("hits", 6L, "misses", 0L, "busy", 0L, "tuned", 0L, "failures", 0L), stats(replay, "scale"),
                "the replay run serves every call from the file and tunes nothing:\n" + replay.stderr());
        assertTrue(replay.stderr().contains("loaded 13 entries"), replay.stderr());
        assertEquals(json.replaceAll("\"savedAt\" : \"[^\"]*\"", ""),
                Files.readString(file).replaceAll("\"savedAt\" : \"[^\"]*\"", ""), "replay left the cache as it was");

        ChildJvm off = ChildJvm.start(javaHome, "mode=off,cache=" + cache, List.of(),
                "dev.autotune4j.testapp.ScaleApp", "1", "100").await(Duration.ofSeconds(60));
        assertEquals(List.of("100 800"), off.stdoutLines(), "off runs the body");
    }

    /** Methods of a class that cannot be annotated, registered in code: tuned, even when the class was loaded first. */
    @Test
    void registeredThirdPartyMethodsAreTuned(@TempDir Path dir) throws Exception {
        ChildJvm app = ChildJvm.start(Path.of(System.getProperty("java.home")), "mode=tune,cache=" + dir.resolve("v.json"),
                List.of(), "dev.autotune4j.testapp.VendorApp").await(Duration.ofSeconds(60));
        assertEquals(List.of("before 800", "static 100", "instance 300"), app.stdoutLines(), app.stderr());
        String json = Files.readString(dir.resolve("v.rank0.json"));
        assertTrue(json.contains("\"op\" : \"vendor-sum\"") && json.contains("\"op\" : \"vendor-scaled\""), json);

        ChildJvm off = ChildJvm.start(Path.of(System.getProperty("java.home")), "mode=off", List.of(),
                "dev.autotune4j.testapp.VendorApp").await(Duration.ofSeconds(60));
        assertEquals(List.of("before 800", "static 800", "instance 2400"), off.stdoutLines(), "off: the vendor's bodies");
        ChildJvm plain = ChildJvm.start(Path.of(System.getProperty("java.home")), null, List.of(),
                "dev.autotune4j.testapp.VendorApp").await(Duration.ofSeconds(60));
        assertEquals(List.of("before 800", "static 800", "instance 2400"), plain.stdoutLines(), "no agent: as written");
        assertTrue(plain.stderr().contains("no agent in this JVM"), plain.stderr());
    }

    /**
     * A third-party-style method with object-typed parameters (an interface), registered with a shape reader for
     * the library's type and candidates in an application class: tuned through the library's own callers, then
     * replayed in a new JVM with no tuning and no miss, giving the library's own results.
     */
    @ParameterizedTest
    @MethodSource("javaHomes")
    void thirdPartyMethodWithObjectParametersIsTunedAndReplayed(Path javaHome, @TempDir Path dir) throws Exception {
        Path cache = dir.resolve("m.json");
        String[] sizes = {"ok", "8", "12", "24"};
        ChildJvm plain = ChildJvm.start(javaHome, null, List.of(), "dev.autotune4j.testapp.MatrixApp", sizes)
                .await(Duration.ofSeconds(60));
        List<String> expected = plain.stdoutLines().subList(0, 3);
        assertEquals("stats 0 0 0", plain.stdoutLines().get(3), "no agent: the library as written");

        ChildJvm tune = ChildJvm.start(javaHome, "mode=tune,cache=" + cache, List.of(), "dev.autotune4j.testapp.MatrixApp",
                sizes).await(Duration.ofSeconds(90));
        assertEquals(0, tune.process.exitValue(), tune.stderr());
        assertEquals(expected, tune.stdoutLines().subList(0, 3), "tuned results are the library's\n" + tune.stderr());
        String json = Files.readString(dir.resolve("m.rank0.json"));
        assertTrue(json.contains("\"op\" : \"lib-mult\"") && json.contains("FastMult"), json);

        ChildJvm replay = ChildJvm.start(javaHome, "mode=replay,cache=" + cache, List.of(),
                "dev.autotune4j.testapp.MatrixApp", sizes).await(Duration.ofSeconds(60));
        assertEquals(expected, replay.stdoutLines().subList(0, 3), replay.stderr());
        String[] stats = replay.stdoutLines().get(3).split(" ");
        // power(m, 4) makes 3 mult calls per size, all from the library's own code
        assertEquals("9", stats[1], "hits: " + replay.stdoutLines() + "\n" + replay.stderr());
        assertEquals("0", stats[2], "misses");
        assertEquals("9", stats[3], "every call ran the tuned candidate, directly");
        assertEquals(0, stats(replay, "lib-mult").get("tuned"), "the replay run tuned:\n" + replay.stderr());
    }

    /**
     * The shapes whose keys collided in the first call-site hash, under the real agent: each call gets its own
     * shape's tactic, tuned and then replayed from the file in a new JVM.
     */
    @Test
    void collidingShapesRouteToTheirOwnTactics(@TempDir Path dir) throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        List<String> expected = new java.util.ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int scale = 1; scale <= 4; scale++) {
                expected.add("rowSum " + scale + " " + (scale * 100 + 5 - scale));
            }
            expected.add("heads 16 16032");
            expected.add("heads 32 32016");
        }
        Path cache = dir.resolve("c.json");
        ChildJvm tune = ChildJvm.start(jdk, "mode=tune,cache=" + cache, List.of(), "dev.autotune4j.testapp.CollisionApp")
                .await(Duration.ofSeconds(60));
        assertEquals(expected, tune.stdoutLines(), tune.stderr());
        String json = Files.readString(dir.resolve("c.rank0.json"));
        assertEquals(6, json.split("\"op\" : \"CollisionApp#").length - 1, json);
        assertTrue(json.contains("CollisionApp") && json.contains("\"value\" : 401"), "the candidate won rowSum(4, 1)");

        ChildJvm replay = ChildJvm.start(jdk, "mode=replay,cache=" + cache, List.of(), "dev.autotune4j.testapp.CollisionApp")
                .await(Duration.ofSeconds(60));
        assertEquals(expected, replay.stdoutLines(), replay.stderr());
        List<String> ops = replay.stderr().lines().filter(l -> l.startsWith("autotune4j-stats ")).toList();
        assertEquals(2, ops.size(), "rowSum and heads: " + replay.stderr());
        long hits = 0;
        for (String line : ops) {
            Map<String, Long> counted = stats(replay, line.replaceAll(".* op=(\\S+) .*", "$1"));
            assertEquals(0, counted.get("misses"), line);
            assertEquals(0, counted.get("tuned"), line);
            hits += counted.get("hits");
        }
        assertEquals(expected.size(), hits, "every call served from the file: " + ops);
    }

    /** Registering by the type of the values passed matches nothing: said once, and the library runs as written. */
    @Test
    void aRegistrationThatMatchesNothingIsReported(@TempDir Path dir) throws Exception {
        ChildJvm app = ChildJvm.start(Path.of(System.getProperty("java.home")), "mode=tune,cache=" + dir.resolve("s.json"),
                List.of(), "dev.autotune4j.testapp.MatrixApp", "subtype", "8").await(Duration.ofSeconds(60));
        assertEquals(0, app.process.exitValue(), app.stderr());
        assertEquals("stats 0 0 0", app.stdoutLines().get(1), app.stderr());
        assertTrue(app.stderr().contains("registered target dev.autotune4j.testapp.MatrixLib#mult("
                + "Ldev/autotune4j/testapp/MatrixLib$Dense;") && app.stderr().contains("matches no method")
                && app.stderr().contains("mult(dev.autotune4j.testapp.MatrixLib$Matrix, dev.autotune4j.testapp.MatrixLib$Matrix, "
                + "dev.autotune4j.testapp.MatrixLib$Matrix)"), app.stderr());
    }

    /** Dims declared on a type whose shape cannot be read: a clear error naming the fix; the fallback serves. */
    @Test
    void declaredDimsOnAnUnreadableTypeAreAnErrorNotACrash(@TempDir Path dir) throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        ChildJvm plain = ChildJvm.start(jdk, null, List.of(), "dev.autotune4j.testapp.MatrixApp", "noreader", "8", "12")
                .await(Duration.ofSeconds(60));
        ChildJvm app = ChildJvm.start(jdk, "mode=tune,cache=" + dir.resolve("n.json"), List.of(),
                "dev.autotune4j.testapp.MatrixApp", "noreader", "8", "12").await(Duration.ofSeconds(60));
        assertEquals(0, app.process.exitValue(), app.stderr());
        assertEquals(plain.stdoutLines().subList(0, 2), app.stdoutLines().subList(0, 2), "the library's results");
        assertEquals("stats 0 6 0", app.stdoutLines().get(2), "every call ran the fallback, counted as a miss\n" + app.stderr());
        String err = app.stderr();
        assertEquals(1, err.split("argument 0 \\(dev.autotune4j.testapp.MatrixLib\\$Dense\\) cannot be keyed", -1).length - 1,
                "reported once per argument:\n" + err);
        assertTrue(err.contains("argument 0 (dev.autotune4j.testapp.MatrixLib$Dense) cannot be keyed: its shape cannot be read")
                && err.contains("ShapeReaders.register(dev.autotune4j.testapp.MatrixLib$Dense.class"), err);
        assertTrue(app.stdoutLines().get(3).startsWith("failure argument 0"), app.stdoutLines().toString());
    }

    /** Agent arguments override -D properties, which override environment variables. */
    @Test
    void settingsPrecedence() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        java.util.Map<String, String> envOff = java.util.Map.of("AUTOTUNE4J_MODE", "off");
        ChildJvm env = ChildJvm.start(jdk, "", List.of(), envOff, "dev.autotune4j.testapp.ScaleApp", "1", "100")
                .await(Duration.ofSeconds(60));
        assertEquals(List.of("100 800"), env.stdoutLines(), "AUTOTUNE4J_MODE=off: the body");
        ChildJvm property = ChildJvm.start(jdk, "", List.of("-Dautotune4j.mode=tune"), envOff,
                "dev.autotune4j.testapp.ScaleApp", "1", "100").await(Duration.ofSeconds(60));
        assertEquals(List.of("100 100"), property.stdoutLines(), "-D beats the environment: tuned");
        ChildJvm agentArg = ChildJvm.start(jdk, "mode=off", List.of("-Dautotune4j.mode=tune"), envOff,
                "dev.autotune4j.testapp.ScaleApp", "1", "100").await(Duration.ofSeconds(60));
        assertEquals(List.of("100 800"), agentArg.stdoutLines(), "the agent argument beats -D: the body");
    }

    @Test
    void withoutTheAgentMethodsRunAsWritten() throws Exception {
        ChildJvm plain = ChildJvm.start(Path.of(System.getProperty("java.home")), null, List.of(),
                "dev.autotune4j.testapp.ScaleApp", "1", "100", "1000").await(Duration.ofSeconds(60));
        assertEquals(List.of("100 800", "1000 8000"), plain.stdoutLines());
    }

    /** 8 serving threads; the agent is attached while they run and switched off, tune, replay, off. */
    @ParameterizedTest
    @MethodSource("javaHomes")
    void attachAndSwitchModesWhileServing(Path javaHome, @TempDir Path dir) throws Exception {
        Path cache = dir.resolve("serve.json");
        // a setting read when the runtime starts, here at the attach: its status says rechecks are off
        try (ChildJvm app = ChildJvm.start(javaHome, null, List.of("-XX:+EnableDynamicAgentLoading",
                "-Dautotune4j.recheck=off"), "dev.autotune4j.testapp.ServeApp", "8", "120")) {
            String pid = app.waitFor(l -> l.startsWith("ready"), Duration.ofSeconds(30)).substring("ready pid=".length());
            app.waitFor(l -> l.startsWith("tick") && served(l).get("body") > 0, Duration.ofSeconds(30));

            attach(javaHome, pid, "mode=off", "cache=" + cache);
            app.waitFor(l -> l.startsWith("tick") && onlyBody(l), Duration.ofSeconds(30));

            assertTrue(listed(javaHome).contains(pid), "list shows the running JVM");
            attach(javaHome, pid, "mode=tune");
            app.waitFor(l -> l.startsWith("tick") && tuned(l), Duration.ofSeconds(60));
            assertFalse(Files.exists(dir.resolve("serve.rank0.json")), "nothing saved yet");
            String saved = attach(javaHome, pid, "save");
            assertTrue(saved.contains("save: saved") && saved.contains("mode=TUNE tuning=background"), saved);
            assertTrue(saved.contains(" rechecked=off"), saved);
            String checked = attach(javaHome, pid, "check=on");
            assertTrue(checked.contains(" check=on "), "the answer check is a live setting: " + checked);
            assertTrue(attach(javaHome, pid, "check=off").contains(" check=off "));
            waitForFile(dir.resolve("serve.rank0.json"));
            String stats = attach(javaHome, pid, "stats");
            assertTrue(stats.contains("stats:") && stats.contains("serve"), "the table in the command's output: " + stats);
            Process fixed = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-jar", ChildJvm.AGENT_JAR.toString(),
                    "attach", pid, "rank=3").redirectErrorStream(true).start();
            String refused = new String(fixed.getInputStream().readAllBytes());
            assertEquals(2, fixed.waitFor(), refused);
            assertTrue(refused.contains("[rank] cannot change in a running runtime"), refused);

            attach(javaHome, pid, "mode=replay");
            app.waitFor(l -> l.startsWith("tick") && tuned(l) && served(l).get("body") == 0, Duration.ofSeconds(30));
            assertTrue(Files.exists(dir.resolve("serve.rank0.json")), "leaving tune mode saved the cache");

            // the live settings, each read back from the bean (in replay mode: they take effect at the next tuning)
            assertTrue(attach(javaHome, pid, "sweep=all").contains(" sweep=all "));
            assertTrue(attach(javaHome, pid, "tuning=inline", "sweep=bucket").contains(" tuning=inline sweep=bucket "));
            assertTrue(attach(javaHome, pid, "tuning=background").contains(" tuning=background "));

            attach(javaHome, pid, "mode=off");
            // the tick in which the switch lands may still mix; a whole tick must be body only
            app.waitFor(l -> l.startsWith("tick") && onlyBody(l), Duration.ofSeconds(30));

            for (String line : app.stdoutLines()) {
                if (line.startsWith("tick")) {
                    assertEquals("0", line.replaceAll(".*errors=(\\d+).*", "$1"), "a call returned a wrong result: " + line);
                }
            }
            assertFalse(app.stderr().contains("Exception"), app.stderr());
            if (javaHome.toString().contains("25")) {
                assertFalse(app.stderr().contains("WARNING: A Java agent has been loaded dynamically"), app.stderr());
            }
        }
    }

    /**
     * Under the agent, tuning runs off the request path by default (issue 11): a service started in tune mode serves
     * every call at once (the body while its bucket is queued), tuning happens on the {@code autotune4j-tuner}
     * thread only, never on a worker's, and the tuned choices then serve the calls, with no wrong result.
     */
    @Test
    void underTheAgentTuningRunsOnTheTunerThreadNotOnRequests(@TempDir Path dir) throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        try (ChildJvm app = ChildJvm.start(jdk, "mode=tune,tuning=background,cache=" + dir.resolve("bg.json"), List.of(),
                "dev.autotune4j.testapp.ServeApp", "4", "60")) {
            app.waitFor(l -> l.startsWith("tick") && tuned(l) && served(l).get("body") == 0, Duration.ofSeconds(60));
            String err = app.stderr();
            // a profile's start line; a profile that takes over a second also logs progress lines ("tactic 3/5")
            List<String> tuning = err.lines().filter(l -> l.contains("autotune4j: tuning serve") && !l.contains(" tactic "))
                    .toList();
            assertFalse(tuning.isEmpty(), err);
            assertTrue(tuning.stream().allMatch(l -> l.contains("[autotune4j-tuner]")), "tuned on the tuner thread only: "
                    + tuning);
            assertEquals(4, tuning.size(), "each of the 4 buckets once, as it was hit: " + tuning);
            for (String line : app.stdoutLines()) {
                if (line.startsWith("tick")) {
                    assertEquals(0, served(line).get("errors"), line);
                }
            }
        }
    }

    /**
     * The answer check on the agent path (issue 15): ScaleApp's overloads return {@code sum * passes}, so each one
     * computes another answer than the body. With {@code check=on} none of them may win, and the body (800) serves
     * the call; without it the fastest (100) does.
     */
    @Test
    void withTheAnswerCheckNoOverloadThatComputesAnotherAnswerWins(@TempDir Path dir) throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        ChildJvm checked = ChildJvm.start(jdk, "mode=tune,check=on,cache=" + dir.resolve("c.json"), List.of(),
                "dev.autotune4j.testapp.ScaleApp", "2", "100").await(Duration.ofSeconds(60));
        assertEquals(List.of("100 800", "100 800"), checked.stdoutLines(), checked.stderr());
        assertTrue(checked.stderr().contains("does not compute the fallback's answer"), checked.stderr());
        ChildJvm unchecked = ChildJvm.start(jdk, "mode=tune,cache=" + dir.resolve("u.json"), List.of(),
                "dev.autotune4j.testapp.ScaleApp", "2", "100").await(Duration.ofSeconds(60));
        assertEquals(List.of("100 100", "100 100"), unchecked.stdoutLines());
    }

    /**
     * The answer check of a {@code void} op (issue 15): its answer is the output argument its annotation declares
     * ({@code outputs = 1}), compared within its declared {@code rtol = 0.01}. The fastest overload writes one element
     * and never wins; the one 0.5% off is within the op's tolerance and wins. Without the check the wrong one wins;
     * the check is on by default under the agent.
     */
    @Test
    void theAnswerCheckComparesAnOpsOutputArgumentWithinItsDeclaredTolerance(@TempDir Path dir) throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        ChildJvm checked = ChildJvm.start(jdk, "mode=tune,check=on,cache=" + dir.resolve("c.json"), List.of(),
                "dev.autotune4j.testapp.IntoApp", "2", "1000").await(Duration.ofSeconds(60));
        assertEquals(List.of("1000 2.01 2.01", "1000 2.01 2.01"), checked.stdoutLines(), checked.stderr());
        assertTrue(checked.stderr().contains("tactic=WRONG profile=[[1],[-1]]: IllegalStateException: does not compute "
                + "the fallback's answer (in output argument 1, at [0]:"), checked.stderr());
        ChildJvm unchecked = ChildJvm.start(jdk, "mode=tune,check=off,cache=" + dir.resolve("u.json"), List.of(),
                "dev.autotune4j.testapp.IntoApp", "2", "1000").await(Duration.ofSeconds(60));
        assertEquals(List.of("1000 -1.00 0.00", "1000 -1.00 0.00"), unchecked.stdoutLines(), unchecked.stderr());
        // a blank property is unset: the agent's default applies, and it is on
        ChildJvm byDefault = ChildJvm.start(jdk, "mode=tune,cache=" + dir.resolve("d.json"), List.of("-Dautotune4j.check="),
                "dev.autotune4j.testapp.IntoApp", "1", "1000").await(Duration.ofSeconds(60));
        assertEquals(List.of("1000 2.01 2.01"), byDefault.stdoutLines(), byDefault.stderr());
    }

    /**
     * Record untuned, tune before the call (issue 11): a replay run lists its misses in the cache file with their
     * calls; the next run in tune mode tunes them in the background after its first call of the op (another size),
     * so their own first calls are served by tuned choices.
     */
    @Test
    void replayMissesAreListedAndTheNextTuneRunTunesThemBeforeTheyAreCalled(@TempDir Path dir) throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        Path cache = dir.resolve("p.json");
        ChildJvm replay = ChildJvm.start(jdk, "mode=replay,cache=" + cache, List.of(),
                "dev.autotune4j.testapp.ScaleApp", "3", "100", "1000").await(Duration.ofSeconds(60));
        assertEquals(List.of("100 800", "1000 8000", "100 800", "1000 8000", "100 800", "1000 8000"), replay.stdoutLines());
        String listed = Files.readString(dir.resolve("p.rank0.json"));
        assertTrue(listed.contains("\"untuned\"") && listed.contains("\"calls\" : 3"), listed);
        assertTrue(replay.stderr().contains("listed as untuned"), replay.stderr());

        ChildJvm tune = ChildJvm.start(jdk, "mode=tune,tuning=background,cache=" + cache, List.of(),
                "dev.autotune4j.testapp.PretuneApp", "10", "100", "1000").await(Duration.ofSeconds(90));
        assertEquals(List.of("10 800", "100 100", "1000 100"), tune.stdoutLines(),
                "the first call (size 10) is a miss; the listed sizes are tuned before their first call: " + tune.stderr());
        assertTrue(tune.stderr().contains("profiles listed as called but untuned are queued"), tune.stderr());
        assertFalse(Files.readString(dir.resolve("p.rank0.json")).contains("\"untuned\""), "all tuned: none listed");
    }

    /** Methods registered before the agent is attached are rewritten by the attach, their class already loaded. */
    @Test
    void attachingRewritesMethodsRegisteredBefore(@TempDir Path dir) throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        try (ChildJvm app = ChildJvm.start(jdk, null, List.of("-XX:+EnableDynamicAgentLoading"),
                "dev.autotune4j.testapp.LateAttachVendorApp", "60")) {
            String pid = app.waitFor(l -> l.startsWith("ready"), Duration.ofSeconds(30)).substring("ready pid=".length());
            app.waitFor(l -> l.equals("tick 800"), Duration.ofSeconds(30));
            attach(jdk, pid, "mode=tune", "cache=" + dir.resolve("late.json"));
            app.waitFor(l -> l.equals("tick 100"), Duration.ofSeconds(30));
            assertTrue(app.stderr().contains("no agent in this JVM"), "registered before the attach: " + app.stderr());
        }
    }

    /** A wrong declaration is named with its fix; that method runs its body; the rest still tunes; the app answers. */
    @Test
    void badDeclarationIsReportedAndTheApplicationRuns(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("bad.json");
        ChildJvm app = ChildJvm.start(Path.of(System.getProperty("java.home")), "mode=tune,cache=" + cache, List.of(),
                "dev.autotune4j.testapp.BadApp").await(Duration.ofSeconds(60));
        assertEquals(0, app.process.exitValue(), app.stderr());
        assertEquals(List.of("broken=5 fine=8"), app.stdoutLines());
        String err = app.stderr();
        assertTrue(err.contains("@Dynamic(arg = 3, dim = 0) is out of range: broken has 1 parameters"), err);
        assertTrue(err.contains("tactic provider 'noSuchProvider' not found: declare static List<?> noSuchProvider(int[] a0)"), err);
        String json = Files.readString(dir.resolve("bad.rank0.json"));
        assertTrue(json.contains("\"op\" : \"BadApp#fine\""), json);
        assertFalse(json.contains("BadApp#broken"), json);
    }

    private static void waitForFile(Path file) throws InterruptedException {
        for (int i = 0; i < 100 && !Files.exists(file); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(file), "the attach 'save' command wrote " + file);
    }

    private static String listed(Path javaHome) throws Exception {
        Process p = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-jar", ChildJvm.AGENT_JAR.toString(), "list")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        return output;
    }

    private static String attach(Path javaHome, String pid, String... settings) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-jar",
                ChildJvm.AGENT_JAR.toString(), "attach", pid));
        command.addAll(List.of(settings));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains(settings.length > 0 && settings[0].contains("=") ? "sent '" : "attached to " + pid), output);
        return output;
    }

    /** The counters {@code TunerStats} printed for {@code op} at the end of the child's run. */
    static Map<String, Long> stats(ChildJvm jvm, String op) throws IOException {
        String err = jvm.stderr();
        String line = err.lines().filter(l -> l.startsWith("autotune4j-stats op=" + op + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no statistics for " + op + ":\n" + err));
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (String field : line.substring(line.indexOf(' ', "autotune4j-stats op=".length()) + 1).split(" ")) {
            out.put(field.substring(0, field.indexOf('=')), Long.parseLong(field.substring(field.indexOf('=') + 1)));
        }
        return out;
    }

    static Map<String, Long> served(String tick) {
        Map<String, Long> out = new HashMap<>();
        for (String part : tick.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
            }
        }
        return out;
    }

    private static boolean onlyBody(String tick) {
        Map<String, Long> s = served(tick);
        return s.get("calls") > 0 && s.get("body").equals(s.get("calls"));
    }

    /** Most calls of the tick served by a tuned candidate (not the body). */
    private static boolean tuned(String tick) {
        Map<String, Long> s = served(tick);
        long candidates = s.get("passes2") + s.get("passes4") + s.get("fast") + s.get("slow");
        return s.get("calls") > 0 && candidates > s.get("body") && candidates * 10 > s.get("calls") * 9;
    }

    @Test
    void cliExplainsUsageAndBadArguments() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Cli.run(new String[0], new PrintStream(out), new PrintStream(err)));
        assertTrue(err.toString().contains("usage:"));
        err.reset();
        assertEquals(2, Cli.run(new String[] {"attach", "1", "mode=fast"}, new PrintStream(out), new PrintStream(err)));
        assertTrue(err.toString().contains("mode=fast is not a mode setting: use tune, replay, off"), err.toString());
        err.reset();
        assertEquals(2, Cli.run(new String[] {"attach", "1", "cache=rel.json"}, new PrintStream(out), new PrintStream(err)));
        assertTrue(err.toString().contains("give an absolute path"), err.toString());
    }
}
