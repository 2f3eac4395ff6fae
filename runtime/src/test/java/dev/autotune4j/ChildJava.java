package dev.autotune4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this JDK, run to the end (a test of what only a fresh process shows: exit hooks, a heap limit, a
 * missing module or logging provider). Its output goes to files in {@code dir}; a run past the limit is killed
 * and fails the test, so no process is left behind.
 */
public final class ChildJava {
    /** What the child did. */
    public record Result(int exit, String stdout, String stderr) {
    }

    private ChildJava() {
    }

    /** Runs {@code java <args>} in a JVM of this JDK; {@code args} are the JVM options, the main class and its arguments. */
    public static Result run(Path dir, int limitSeconds, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        Path out = Files.createTempFile(dir, "child", ".out");
        Path err = Files.createTempFile(dir, "child", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the child JVM did not finish in " + limitSeconds + " s: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Where a class was loaded from (a jar or a classes directory), for a child's class path. */
    public static String codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
