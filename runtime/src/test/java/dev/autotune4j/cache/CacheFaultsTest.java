package dev.autotune4j.cache;

import dev.autotune4j.ChildJava;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunerInternals;
import dev.autotune4j.measure.TimingSettings;
import dev.autotune4j.profile.ShapeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache file's fault catalogue (issue 10); docs/reliability.md lists each fault with the test here that checks
 * it. Tests that need another process start a {@link LockHolder} JVM.
 */
class CacheFaultsTest {
    private static final CacheMetadata HERE = CacheMetadata.current(Map.of());
    private static final CacheLimits QUICK_LOCK = new CacheLimits(64L << 20, 100_000, Duration.ofMillis(150));

    static CacheEntry entry(String op, long rows, int tactic, double nanos) {
        return new CacheEntry(new CacheKey(op, "x.Runner", "", ShapeKey.of(new long[][] {{rows, 8}})), 0,
                TacticCodec.encode(tactic), tactic, nanos, 10, 0.02, 2 * nanos, List.of());
    }

    private static Path lockOf(Path file) {
        return file.toAbsolutePath().resolveSibling(file.getFileName() + ".lock");
    }

    private static Set<String> keysIn(Path file) {
        LoadResult r = CacheFile.read(file);
        assertTrue(r.ok(), r.problem());
        return r.entries().stream().map(e -> e.key() + "=" + e.tactic()).collect(Collectors.toSet());
    }

    private static Set<String> keysIn(ChoiceCache cache) {
        return cache.snapshot().stream().map(e -> e.key() + "=" + e.tactic()).collect(Collectors.toSet());
    }

    /** Spins {@code tactic} microseconds; the fallback 40. */
    static final class Spin implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(5, 10);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            long end = System.nanoTime() + 1000L * (tactic == FALLBACK ? 40 : (Integer) tactic);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return tactic;
        }
    }

    /**
     * Item 1, the reproduction: a save (JMX {@code save}) waits while another process holds the lock, and a request
     * thread tunes {@code opA} meanwhile. Before: the save wrote its old snapshot and cleared the dirty flag, so
     * {@code opA} never reached the file. Now the snapshot is taken under the lock and unsaved work is counted.
     */
    @Test
    void aSaveThatWaitsForTheLockForgetsNothingTunedMeanwhile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tuning.json");
        AutoTuner tuner = new AutoTuner(TimingSettings.quick());
        tuner.setCacheFile(file);
        tuner.setMode(Mode.TUNE);
        tuner.chooseOne("sum", List.of(new Spin()), TuningConfig.defaults(), (Object) new float[4]);
        Process holder = LockHolder.start(lockOf(file), 1500, 0, 1);
        ExecutorService jmx = Executors.newSingleThreadExecutor();
        try {
            Future<CacheFile.SaveResult> save = jmx.submit(() -> TunerInternals.save(tuner, file));
            Thread.sleep(300);
            assertFalse(save.isDone(), "the save waits for the lock");
            tuner.chooseOne("opA", List.of(new Spin()), TuningConfig.defaults(), (Object) new float[4]);
            assertNull(save.get(30, TimeUnit.SECONDS).sideFile());
        } finally {
            jmx.shutdownNow();
            holder.destroyForcibly().waitFor();
        }
        assertEquals(keysIn(TunerInternals.store(tuner).cache()), keysIn(file), "the file holds sum and opA");
        assertFalse(tuner.isDirty());
        tuner.setMode(Mode.REPLAY);
    }

    /**
     * Item 1, the class: tuning threads add entries while savers save and another process takes the lock on and off
     * (held 200 ms at a time, longer than the 150 ms lock timeout, so some saves surely go to side files). After one last save the file equals memory and no side file is left.
     */
    @Test
    void savesUnderLockContentionLoseNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stress.json");
        CacheStore store = new CacheStore(new ChoiceCache(), () -> HERE);
        store.setLimits(QUICK_LOCK);
        Process holder = LockHolder.start(lockOf(file), 200, 30, 12);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Path> sideFiles = new ArrayList<>();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                String op = "op" + t;
                work.add(pool.submit(() -> {
                    for (int i = 1; i <= 40; i++) {
                        store.cache().put(entry(op, i, i % 3, 100 + i));
                        store.markTuned();
                        Thread.sleep(5);
                    }
                    return null;
                }));
            }
            for (int s = 0; s < 2; s++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 12; i++) {
                        CacheFile.SaveResult r = store.save(file);
                        if (r.sideFile() != null) {
                            synchronized (sideFiles) {
                                sideFiles.add(r.sideFile());
                            }
                        }
                        Thread.sleep(10);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            holder.waitFor(30, TimeUnit.SECONDS);
            holder.destroyForcibly().waitFor();
        }
        assertFalse(sideFiles.isEmpty(), "some saves met the lock taken past the timeout");
        store.setLimits(CacheLimits.defaults());
        assertNull(store.save(file).sideFile());
        assertEquals(120, store.cache().size());
        assertEquals(keysIn(store.cache()), keysIn(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("stress.json", "stress.json.lock"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "side files merged and removed; no temporary file left");
        }
    }

    /** Item 3: a lock held past the timeout sends the save to a side file at once; loads read it, the next save merges it. */
    @Test
    void aLockHeldPastTheTimeoutSendsTheSaveToASideFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        CacheFile.save(file, List.of(entry("old", 1, 1, 100)), HERE);
        Process holder = LockHolder.start(lockOf(file), 60_000, 0, 1);
        CacheFile.SaveResult r;
        long t0 = System.nanoTime();
        try {
            r = CacheFile.save(file, () -> List.of(entry("new", 1, 2, 100)), HERE, QUICK_LOCK);
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "bounded by the lock timeout");
        assertNotNull(r.sideFile());
        assertTrue(r.sideFile().getFileName().toString().startsWith("c.json.side-"));
        LoadResult loaded = CacheFile.load(file, HERE);
        assertEquals(2, loaded.entries().size(), "a load reads the file and its side file");
        assertTrue(loaded.warnings().stream().anyMatch(w -> w.contains("side file")));
        CacheFile.save(file, List.of(), HERE);
        assertFalse(Files.exists(r.sideFile()), "merged and removed");
        assertEquals(2, CacheFile.read(file).entries().size());
    }

    /** Item 2: a file with more entries than the budget is refused with the reason; it cannot exhaust the heap. */
    @Test
    void aFileOverItsBudgetIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.json");
        List<CacheEntry> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(entry("op", i, 1, 100));
        }
        CacheFile.save(file, many, HERE);
        CacheLimits small = new CacheLimits(64L << 20, 1000, Duration.ofSeconds(1));
        LoadResult r = CacheFile.load(file, HERE, small);
        assertFalse(r.ok());
        assertTrue(r.problem().contains("more than 1000 entries") && r.problem().contains("autotune4j.cacheMaxEntries"),
                r.problem());
        CacheLimits tiny = new CacheLimits(1000, 100_000, Duration.ofSeconds(1));
        assertTrue(CacheFile.load(file, HERE, tiny).problem().contains("autotune4j.cacheMaxMb"));
        assertEquals(1001, CacheFile.load(file, HERE).entries().size());
    }

    /**
     * Item 4: a 10,000-digit integer and a 100,000-deep nesting, each inside one entry: those two are skipped, the
     * 22 good ones load, and a save leaves the file in place (a copy of it as it was is kept beside it).
     */
    @Test
    void oneBadEntryIsSkippedAndTheFileStaysInPlace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        List<CacheEntry> good = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            good.add(entry("op", i, 1, 100));
        }
        CacheFile.save(file, good, HERE);
        String json = Files.readString(file);
        String bigNumber = "{\"op\": \"n\", \"runner\": \"x\", \"runnerId\": \"\", \"runnerIndex\": " + "9".repeat(10_000)
                + ", \"profile\": [[1]], \"tactic\": {\"type\": \"int\", \"value\": 1}, \"nanos\": 1}";
        String deep = "{\"op\": \"d\", \"junk\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        json = json.replaceFirst("\"entries\" : \\[", "\"entries\" : [ " + bigNumber + ", " + deep + ",");
        Files.writeString(file, json);
        LoadResult r = CacheFile.load(file, HERE);
        assertTrue(r.ok(), r.problem());
        assertEquals(22, r.entries().size());
        assertEquals(2, r.skipped());
        assertTrue(r.firstSkipReason().contains("number of 10000 characters"), r.firstSkipReason());

        CacheFile.SaveResult saved = CacheFile.save(file, List.of(entry("mine", 1, 1, 50)), HERE);
        assertTrue(Files.exists(file), "never moved away");
        assertEquals(23, CacheFile.read(file).entries().size());
        assertNotNull(saved.backup());
        assertEquals(json, Files.readString(saved.backup()), "the malformed entries are kept in a copy");
    }

    /** Item 5: entries from a file made on another GPU, loaded before the GPU was known, are dropped once it is. */
    @Test
    void entriesFromAnotherGpuAreDroppedWhenTheGpuBecomesKnown(@TempDir Path dir) throws Exception {
        CacheMetadata.addIdentityField("testGpu");
        Map<String, String> other = new java.util.LinkedHashMap<>(HERE.fields());
        other.put("testGpu", "GPU A");
        Path a = dir.resolve("a.json");
        CacheFile.save(a, List.of(entry("gpuOp", 1, 1, 100), entry("gpuOp", 2, 1, 100)), new CacheMetadata(other));

        Map<String, String> gpu = new java.util.concurrent.ConcurrentHashMap<>();
        CacheStore store = new CacheStore(new ChoiceCache(), () -> CacheMetadata.current(gpu));
        assertEquals(2, store.load(a), "before the GPU is known the entries load");
        assertEquals(List.of("testGpu"), CacheFile.load(a, CacheMetadata.current(gpu)).pending());
        gpu.put("testGpu", "GPU B");
        store.recheck();
        assertEquals(0, store.cache().size(), "made on GPU A, this is GPU B");

        gpu.clear();
        CacheStore same = new CacheStore(new ChoiceCache(), () -> CacheMetadata.current(gpu));
        same.load(a);
        gpu.put("testGpu", "GPU A");
        same.recheck();
        assertEquals(2, same.cache().size(), "same GPU: kept");
        assertFalse(CacheFile.load(a, CacheMetadata.current(Map.of("testGpu", "GPU B"))).ok(), "known at load: refused");
    }

    /** Item 7: temporary files of a killed writer are removed by the next save. */
    @Test
    void leftoverTemporaryFilesAreRemovedByTheNextSave(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Path leftover = dir.resolve(".c.json.99999.123456789.tmp");
        Files.writeString(leftover, "x".repeat(10_000));
        CacheFile.save(file, List.of(entry("a", 1, 1, 100)), HERE);
        assertFalse(Files.exists(leftover));
    }

    /** Item 7: a directory at the cache path is an error naming the fix; it is not renamed. */
    @Test
    void aDirectoryAtTheCachePathIsAnErrorNotRenamed(@TempDir Path dir) throws Exception {
        Path file = Files.createDirectory(dir.resolve("c.json"));
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> CacheFile.save(file, List.of(entry("a", 1, 1, 100)), HERE));
        assertTrue(e.getMessage().contains("is a directory") && e.getMessage().contains("autotune4j.cache="), e.getMessage());
        assertTrue(Files.isDirectory(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("c.json"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    /** Item 7: a duplicated top-level "entries" key is reported, and the entries of both are read. */
    @Test
    void aDuplicatedEntriesKeyIsReported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        CacheFile.save(file, List.of(entry("a", 1, 1, 100)), HERE);
        String json = Files.readString(file);
        String entries = json.substring(json.indexOf("\"entries\""), json.lastIndexOf(']') + 1);
        String second = entries.replace("\"a\"", "\"b\"");
        Files.writeString(file, json.replace(entries, entries + ", " + second));
        LoadResult r = CacheFile.load(file, HERE);
        assertEquals(2, r.entries().size());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("\"entries\" appears twice")), r.warnings().toString());
    }

    /** Item 7: a symbolic link loop at the path is named as such. */
    @Test
    void aSymlinkLoopIsNamed(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertTrue(CacheFile.present(a));
        assertTrue(CacheFile.load(a, HERE).problem().contains("symbolic link"), CacheFile.load(a, HERE).problem());
    }

    /**
     * Item 2: a file under the budget that still does not fit in a small heap (100,000 entries, 32 MB, in 48 MB of
     * heap): the load reports the heap running out and loads nothing; no {@code OutOfMemoryError} reaches the
     * application, which goes on serving. A save then cannot merge with the file either: the file stays as it is
     * and the new entry goes to a side file.
     */
    @Test
    void anOutOfMemoryErrorWhileLoadingIsReportedAndTheApplicationGoesOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.json");
        List<CacheEntry> many = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            many.add(entry("op" + i % 50, i, i % 7, 1000));
        }
        CacheFile.save(file, many, HERE);
        many = null;
        ChildJava.Result r = ChildJava.run(dir, 60, List.of("-Xmx48m", "-cp", System.getProperty("java.class.path"),
                LoadBigCacheApp.class.getName(), file.toString()));
        String err = r.stderr();
        assertEquals(0, r.exit(), err);
        assertTrue(r.stdout().contains("served loaded=0 result="), err);
        assertTrue(err.contains("the heap ran out while reading it"), err);
        assertTrue(err.contains("could not be read to merge with"), err);
        assertEquals(100_000, CacheFile.read(file).entries().size(), "the file is left as it was");
        String out = r.stdout();
        Path side = Path.of(out.substring(out.indexOf("saved aside=") + "saved aside=".length()).trim());
        assertEquals(List.of("after"), CacheFile.read(side).entries().stream().map(e -> e.key().op()).toList());
    }

    /**
     * kill -9 in the middle of saves, three times: the file is always whole (the old or the new document, never a
     * mix), and the next save removes the temporary file the killed writer left.
     */
    @Test
    void aWriterKilledMidSaveLeavesAWholeFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        int lastCount = 0;
        for (int kill = 0; kill < 3; kill++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-cp", System.getProperty("java.class.path"), SaveLoop.class.getName(), file.toString(), "3000")
                    .redirectErrorStream(true).start();
            try {
                String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
                assertEquals("saving", first);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!Files.exists(file) && System.nanoTime() < deadline) {
                    Thread.sleep(10);   // the first save done: from now on a kill lands between or inside saves
                }
                Thread.sleep(100 + 150L * kill);
            } finally {
                p.destroyForcibly().waitFor();   // SIGKILL
            }
            LoadResult r = CacheFile.load(file, HERE);
            assertTrue(r.ok(), "after kill " + kill + ": " + r.problem());
            assertEquals(0, r.skipped());
            assertTrue(r.entries().size() > 3000, "a whole document of one save: " + r.entries().size());
            lastCount = r.entries().size();
        }
        CacheFile.save(file, List.of(), HERE);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("c.json", "c.json.lock"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertTrue(CacheFile.read(file).entries().size() >= lastCount);
    }
}
