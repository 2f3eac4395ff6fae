package dev.autotune4j.control;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autotune4j.ChildJava;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.cache.LoadResult;
import dev.autotune4j.dispatch.AutoTuner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        List<String> args = new ArrayList<>(List.of("-Xmx128m", "-cp", ChildJava.codeSource(UndeployLauncher.class),
                UndeployLauncher.class.getName(), cache.toString()));
        for (Class<?> c : List.of(UndeployedApp.class, AutoTuner.class, ObjectMapper.class, JsonFactory.class,
                JsonAutoDetect.class, LoggerFactory.class, org.slf4j.simple.SimpleLogger.class, jcuda.driver.JCudaDriver.class)) {
            args.add(ChildJava.codeSource(c));
        }
        ChildJava.Result r = ChildJava.run(dir, 60, args);
        String stderr = r.stderr();
        assertEquals(0, r.exit(), stderr);
        assertTrue(r.stdout().contains("undeployed after sum=3"));
        assertFalse(stderr.contains("NoClassDefFoundError") || stderr.contains("could not save"), stderr);
        LoadResult saved = CacheFile.read(CacheFile.forRank(cache, 0));
        assertTrue(saved.ok(), saved.problem() + "\n" + stderr);
        assertEquals(3, saved.entries().size(), "one entry per shape (no dynamic dims: each shape is its own profile)\n" + stderr);
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
            // the holder keeps the lock for a minute: an exit that waited for it would outlive the 20 s limit
            ChildJava.Result app = ChildJava.run(dir, 20, List.of("-Xmx128m", "-Dautotune4j.lockTimeoutMs=500", "-cp",
                    System.getProperty("java.class.path"), UndeployedApp.class.getName(), cache.toString()));
            assertEquals(0, app.exit(), app.stderr());
            assertTrue(app.stderr().contains("stayed locked by another process"), app.stderr());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        LoadResult r = CacheFile.load(file, dev.autotune4j.cache.CacheMetadata.current(java.util.Map.of()));
        assertEquals(3, r.entries().size(), "the side file is read: " + r.problem());
    }
}
