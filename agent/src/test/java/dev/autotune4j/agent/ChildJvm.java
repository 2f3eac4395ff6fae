package dev.autotune4j.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real child JVM running a test application, with the built agent jar or without it. Its output goes to
 * files, so a test can wait for lines while it runs and read everything afterwards.
 */
final class ChildJvm implements AutoCloseable {
    static final Path AGENT_JAR = Path.of(System.getProperty("autotune4j.agent.jar", "target/autotune4j-agent.jar"))
            .toAbsolutePath();
    static final String APP_CLASSPATH = System.getProperty("autotune4j.app.classpath", "") + java.io.File.pathSeparator
            + Path.of("target/test-classes").toAbsolutePath();

    /**
     * Where the children's output goes: the build directory, so that a failed run's logs stay beside its reports and
     * {@code mvn clean} removes them (in the system's temporary directory each build left about a hundred files).
     */
    static final Path OUTPUT_DIR = Path.of("target/child-jvms").toAbsolutePath();

    final Process process;
    final Path out;
    final Path err;

    private ChildJvm(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** The JDKs to test on: this one (17) and JDK 25 where it is installed. */
    static List<Path> javaHomes() {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        if (Files.isExecutable(jdk25.resolve("bin/java"))) {
            homes.add(jdk25);
        }
        return homes;
    }

    static ChildJvm start(Path javaHome, String agentArgs, List<String> jvmArgs, String main, String... args)
            throws IOException {
        return start(javaHome, agentArgs, jvmArgs, java.util.Map.of(), main, args);
    }

    static ChildJvm start(Path javaHome, String agentArgs, List<String> jvmArgs, java.util.Map<String, String> env,
                          String main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.add("-Xmx256m");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        if (agentArgs != null) {
            command.add("-javaagent:" + AGENT_JAR + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
            if (!agentArgs.contains("tuning=") && jvmArgs.stream().noneMatch(a -> a.startsWith("-Dautotune4j.tuning"))) {
                // these apps run once and exit: they tune inline (the reference's way), so each call they make is
                // settled when it returns; background tuning, the agent's default, has tests of its own
                command.add("-Dautotune4j.tuning=inline");
            }
        }
        if ((agentArgs == null || !agentArgs.contains("check="))
                && jvmArgs.stream().noneMatch(a -> a.startsWith("-Dautotune4j.check"))) {
            // their variants tell which one ran by the answer they compute (ScaleApp's return sum x passes), so the
            // answer check, on by default (also for an agent attached later), would reject them; it has tests of its own
            command.add("-Dautotune4j.check=off");
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(APP_CLASSPATH);
        command.add(main);
        command.addAll(List.of(args));
        Files.createDirectories(OUTPUT_DIR);
        Path out = Files.createTempFile(OUTPUT_DIR, "child-", ".out");
        Path err = Files.createTempFile(OUTPUT_DIR, "child-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("AUTOTUNE4J_MODE");
        builder.environment().putAll(env);
        Process p = builder.start();
        return new ChildJvm(p, out, err);
    }

    /** Runs to the end; fails if it takes longer than {@code limit}. */
    ChildJvm await(Duration limit) throws Exception {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish in " + limit + ":\n" + stderr());
        }
        return this;
    }

    List<String> stdoutLines() throws IOException {
        return Files.readAllLines(out);
    }

    String stderr() throws IOException {
        return Files.readString(err);
    }

    /** Waits until a stdout line satisfies {@code test}; returns it. */
    String waitFor(Predicate<String> test, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        int seen = 0;
        while (System.nanoTime() < end) {
            List<String> lines = stdoutLines();
            for (int i = seen; i < lines.size(); i++) {
                if (test.test(lines.get(i))) {
                    return lines.get(i);
                }
            }
            seen = Math.max(0, lines.size() - 1);
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching line within " + limit + "; stdout tail: "
                + tail(stdoutLines()) + "\nstderr: " + stderr());
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 5), lines.size());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
