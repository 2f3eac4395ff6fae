package dev.autotune4j.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file from another GPU, loaded before CUDA starts, is dropped when it starts (issue 10, item 5), with the real
 * CUDA timer in a fresh JVM (this JVM has CUDA started already). Tagged {@code gpu}.
 */
@Tag("gpu")
class CacheRecheckGpuTest {

    @Test
    void entriesFromAnotherGpuLoadedBeforeCudaStartsAreDroppedWhenItStarts(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Cuda.available(), () -> "no CUDA: " + Cuda.unavailableReason());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", classpath(), LateCudaStartApp.class.getName(),
                dir.resolve("other-gpu.json").toString())
                .redirectError(dir.resolve("err").toFile()).redirectOutput(dir.resolve("out").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish");
        }
        String out = Files.readString(dir.resolve("out"));
        String err = Files.readString(dir.resolve("err"));
        assertEquals(0, p.exitValue(), out + err);
        assertTrue(out.contains("cudaBefore=false"), out);
        assertTrue(out.contains("loaded=1 cuda=true after=0"), out + err);
        assertTrue(err.contains("made on another device") && err.contains("Some Other GPU"), err);
    }

    /** This test's classpath: the JUnit console launcher loads tests in a loader of its own, Maven on the class path. */
    private static String classpath() throws Exception {
        if (CacheRecheckGpuTest.class.getClassLoader() instanceof java.net.URLClassLoader loader) {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (java.net.URL u : loader.getURLs()) {
                out.add(Path.of(u.toURI()).toString());
            }
            return String.join(java.io.File.pathSeparator, out);
        }
        return System.getProperty("java.class.path");
    }
}
