package dev.autotune4j.control;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.dispatch.AutoTuner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The save at exit (issue 9, item 10a). */
class ExitSaveTest {

    /**
     * An application undeployed before the JVM exits: its class loader, which holds the library, is closed; the
     * save at exit still writes every tuned entry (it needs no class that would load only then).
     */
    @Test
    void theExitSaveWritesTheFileAfterTheLibrarysLoaderWasClosed(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("tuning.json");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", codeSource(UndeployLauncher.class), UndeployLauncher.class.getName(), cache.toString()));
        for (Class<?> c : List.of(UndeployedApp.class, AutoTuner.class, ObjectMapper.class, JsonFactory.class,
                JsonAutoDetect.class, LoggerFactory.class, org.slf4j.simple.SimpleLogger.class, jcuda.driver.JCudaDriver.class)) {
            command.add(codeSource(c));
        }
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(command).redirectErrorStream(false).redirectError(err.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not exit in 60 s");
        }
        String stderr = Files.readString(err);
        assertEquals(0, p.exitValue(), stderr);
        assertTrue(Files.readString(dir.resolve("stdout")).contains("undeployed after sum=3"));
        assertFalse(stderr.contains("NoClassDefFoundError") || stderr.contains("could not save"), stderr);
        CacheFile.LoadResult saved = CacheFile.read(CacheFile.forRank(cache, 0));
        assertTrue(saved.ok(), saved.problem() + "\n" + stderr);
        assertEquals(3, saved.entries().size(), "one entry per shape (no dynamic dims: each shape is its own profile)\n" + stderr);
    }

    private static String codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /**
     * Exit never hangs on another process's lock (issue 10, item 3): with the lock held throughout, the JVM exits
     * within the lock timeout and its entries are in a side file that the next load reads.
     */
    @Test
    void theExitSaveWaitsNoLongerThanTheLockTimeout(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("tuning.json");
        Path file = CacheFile.forRank(cache, 0);
        Process holder = dev.autotune4j.cache.LockHolderAccess.start(file.resolveSibling(file.getFileName() + ".lock"));
        try {
            long t0 = System.nanoTime();
            Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-Dautotune4j.lockTimeoutMs=500", "-cp", System.getProperty("java.class.path"),
                    UndeployedApp.class.getName(), cache.toString())
                    .redirectError(dir.resolve("err").toFile()).redirectOutput(dir.resolve("out").toFile()).start();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
                throw new AssertionError("the JVM did not exit: the save at exit hangs on the lock");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            String err = Files.readString(dir.resolve("err"));
            assertEquals(0, app.exitValue(), err);
            assertTrue(seconds < 20, "exit took " + seconds + " s");
            assertTrue(err.contains("stayed locked by another process"), err);
        } finally {
            holder.destroyForcibly().waitFor();
        }
        CacheFile.LoadResult r = CacheFile.load(file, dev.autotune4j.cache.CacheMetadata.current(java.util.Map.of()));
        assertEquals(3, r.entries().size(), "the side file is read: " + r.problem());
    }
}
