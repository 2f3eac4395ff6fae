package dev.autotune4j.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static dev.autotune4j.cache.CacheFaultsTest.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A save or load on an interrupted thread. The cache is saved from threads the tuner does not own: the shutdown hook
 * (after its wait for the save path was interrupted), an application thread closing a tuning session, the JMX thread
 * leaving tune mode. NIO channels close themselves for good when their thread is interrupted, so a file read or
 * written through one fails on such a thread; a failed read under the lock even sends the save aside as if the file
 * were unreadable. Neither may cost an entry: the interrupt is kept for the caller, the file is read and written whole.
 */
class InterruptedCacheIoTest {
    private static final CacheMetadata HERE = CacheMetadata.current(Map.of());

    @Test
    void aSaveFromAnInterruptedThreadMergesWithTheFileAndKeepsTheInterrupt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        CacheFile.save(file, List.of(entry("old", 1, 1, 100)), HERE);
        CacheFile.SaveResult r;
        Thread.currentThread().interrupt();
        try {
            r = CacheFile.save(file, List.of(entry("new", 1, 2, 100)), HERE);
        } finally {
            assertTrue(Thread.interrupted(), "the caller's interrupt is still set (and cleared here)");
        }
        assertNull(r.sideFile(), r.whyAside());
        assertNull(r.backup());
        assertEquals(2, CacheFile.read(file).entries().size());
        assertEquals(List.of("c.json", "c.json.lock"), names(dir), "no side file, backup or temporary file");
    }

    @Test
    void aLoadFromAnInterruptedThreadReadsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        CacheFile.save(file, List.of(entry("a", 1, 1, 100), entry("b", 2, 1, 100)), HERE);
        LoadResult r;
        Thread.currentThread().interrupt();
        try {
            r = CacheFile.load(file, HERE);
        } finally {
            assertTrue(Thread.interrupted());
        }
        assertTrue(r.ok(), r.problem());
        assertEquals(2, r.entries().size());
    }

    /** Interrupted while another process holds the lock: it still waits its lock timeout, then writes the file itself. */
    @Test
    void anInterruptedSaveStillWaitsForTheLock(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        CacheFile.save(file, List.of(entry("old", 1, 1, 100)), HERE);
        Process holder = LockHolder.start(file.toAbsolutePath().resolveSibling("c.json.lock"), 300, 60_000, 1);
        CacheFile.SaveResult r;
        try {
            Thread.currentThread().interrupt();
            try {
                r = CacheFile.save(file, () -> List.of(entry("new", 1, 2, 100)), HERE,
                        new CacheLimits(64L << 20, 100_000, Duration.ofSeconds(30)));
            } finally {
                assertTrue(Thread.interrupted());
            }
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertNull(r.sideFile(), r.whyAside());
        assertEquals(2, CacheFile.read(file).entries().size());
    }

    /**
     * The class of bug: a thread saving over and over while another interrupts it at random moments (before, during
     * and after each read, lock and write). Every save must succeed, and the file must always hold everything saved.
     */
    @Test
    void interruptsAtAnyMomentOfASaveLoseNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        int saves = 60;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread saver = new Thread(() -> {
            try {
                for (int i = 0; i < saves; i++) {
                    Thread.interrupted();
                    CacheFile.SaveResult r = CacheFile.save(file, List.of(entry("op" + i, i + 1, 1, 100)), HERE);
                    if (r.sideFile() != null || r.backup() != null) {
                        throw new AssertionError("save " + i + " went aside: " + r.whyAside() + ", backup " + r.backup());
                    }
                    LoadResult back = CacheFile.load(file, HERE);
                    if (!back.ok() || back.entries().size() != i + 1) {
                        throw new AssertionError("after save " + i + ": " + back.problem() + ", "
                                + back.entries().size() + " entries");
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.set(true);
            }
        }, "saver");
        saver.start();
        while (!done.get()) {
            saver.interrupt();
            Thread.sleep(0, ThreadLocalRandom.current().nextInt(1, 300_000));
        }
        saver.join();
        if (failure.get() != null) {
            throw new AssertionError("a save or load on an interrupted thread failed", failure.get());
        }
        assertEquals(saves, CacheFile.read(file).entries().size());
        assertEquals(List.of("c.json", "c.json.lock"), names(dir));
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }
}
