package dev.autotune4j.control;

import dev.autotune4j.ChildJava;
import dev.autotune4j.cache.CacheFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A runtime without the {@code jdk.jfr} module (a jlink image that left it out; the GPU machines' packed runtime
 * is one) tunes and saves as any other: the JFR events are optional. Found on the GPU machine, where every
 * tuning pass failed with {@code NoClassDefFoundError: jdk/jfr/Event}.
 */
class WithoutJfrTest {

    @Test
    void aRuntimeWithoutJfrTunesAndSaves(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("nojfr.json");
        ChildJava.Result r = ChildJava.run(dir, 60, List.of("-Xmx128m", "--limit-modules", "java.se", "-cp",
                System.getProperty("java.class.path"), UndeployedApp.class.getName(), cache.toString()));
        String err = r.stderr();
        assertEquals(0, r.exit(), err);
        assertFalse(err.contains("NoClassDefFoundError") || err.contains("jdk/jfr"), err);
        assertEquals(3, CacheFile.read(CacheFile.forRank(cache, 0)).entries().size(), err);
    }
}
