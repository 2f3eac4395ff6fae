package dev.autotune4j.cache;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.autotune4j.profile.ShapeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheFileTest {
    private static final CacheMetadata HERE = CacheMetadata.current(Map.of());

    private static CacheEntry entry(String op, int tactic, long rows) {
        return new CacheEntry(new CacheKey(op, "x.Runner", "", ShapeKey.of(new long[][] {{rows, 8}, {-1}})), 0,
                TacticCodec.encode(tactic), tactic, 100.0 * tactic, 10, 0.02, 300.0,
                List.of(new Trial(0, "x.Runner", "", TacticCodec.encode(tactic), 100.0 * tactic, 0.02, 10, null),
                        new Trial(0, "x.Runner", "", TacticCodec.encode(9), Double.NaN, 0, 0, "IllegalStateException: boom")));
    }

    /**
     * Two tuners of one JVM (two class loaders' runtimes, or two AutoTuners) saving to one path at once: a file lock
     * is per JVM, so without an in-process lock the second gets OverlappingFileLockException and its ops are lost
     * (issue 9, item 10b). Both must save, and the file must hold both tuners' entries.
     */
    @Test
    void tunersOfOneJvmSavingToOnePathMerge(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shared.json");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> savers = new java.util.ArrayList<>();
            for (String op : List.of("loaderA-op", "loaderB-op")) {
                savers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= 20; i++) {
                        CacheFile.save(file, List.of(entry(op, 2, i)), HERE);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> f : savers) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        LoadResult r = CacheFile.load(file, HERE);
        assertTrue(r.ok(), r.problem());
        assertEquals(40, r.entries().size(), "20 entries of each tuner");
    }

    @Test
    void saveThenLoadKeepsEveryField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        CacheFile.save(file, List.of(entry("gemm", 2, 4), entry("gemm", 3, 8)), HERE);
        LoadResult r = CacheFile.load(file, HERE);
        assertTrue(r.ok(), r.problem());
        assertEquals(2, r.entries().size());
        CacheEntry e = r.entries().stream().filter(x -> x.key().profile().dim(0, 0) == 8).findFirst().orElseThrow();
        assertEquals(new CacheKey("gemm", "x.Runner", "", ShapeKey.of(new long[][] {{8, 8}, {-1}})), e.key());
        assertEquals(TacticCodec.encode(3), e.tactic());
        assertNull(e.liveTactic(), "a loaded tactic is JSON until its runner resolves it");
        assertEquals(300.0, e.nanos());
        assertEquals(300.0, e.fallbackNanos());
        assertEquals(10, e.samples());
        assertEquals(2, e.trials().size());
        assertEquals("IllegalStateException: boom", e.trials().get(1).failure());
        assertEquals(300.0, e.trials().get(0).nanos());
        assertEquals(HERE.get(CacheMetadata.CPU_MODEL), r.metadata().get(CacheMetadata.CPU_MODEL));
    }

    /** Two writers of one key with the same metadata: the faster measurement is kept (issue 10, item 6). */
    @Test
    void saveMergesWithWhatIsOnDiskAndTheFasterMeasurementWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        CacheFile.save(file, List.of(entry("a", 1, 4), entry("b", 2, 4)), HERE);
        CacheFile.save(file, List.of(entry("b", 1, 4), entry("c", 1, 4)), HERE);
        CacheFile.save(file, List.of(entry("b", 3, 4)), HERE);
        List<CacheEntry> loaded = CacheFile.load(file, HERE).entries();
        assertEquals(3, loaded.size());
        CacheEntry b = loaded.stream().filter(e -> e.key().op().equals("b")).findFirst().orElseThrow();
        assertEquals(TacticCodec.encode(1), b.tactic(), "100 ns beats the 200 ns on disk and the 300 ns saved after");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("c.json", "c.json.lock"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void unwritableTacticsAreCountedNotWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        CacheEntry odd = new CacheEntry(new CacheKey("a", "x.R", "", ShapeKey.of(new long[][] {{1}})), 0, null,
                new Object(), 5, 1, 0, Double.NaN, null);
        CacheFile.SaveResult r = CacheFile.save(file, List.of(odd, entry("a", 1, 2)), HERE);
        assertEquals(1, r.notPersistable());
        assertEquals(1, r.written());
    }

    private static String problemOf(Path dir, String content) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, content);
        LoadResult r = CacheFile.load(file, HERE);
        assertFalse(r.ok(), "loaded: " + content);
        assertTrue(r.entries().isEmpty());
        return r.problem();
    }

    @Test
    void badFilesLoadNothingAndSayWhy(@TempDir Path dir) throws Exception {
        assertTrue(CacheFile.load(dir.resolve("missing.json"), HERE).problem().contains("does not exist"));
        assertTrue(problemOf(dir, "").contains("empty"));
        assertTrue(problemOf(dir, "{\"format\": \"autotune4j-cache\", \"version\": 1, \"entries\": [").contains("not valid JSON"));
        assertTrue(problemOf(dir, "\u0000\u0001garbage").contains("not valid JSON"));
        assertTrue(problemOf(dir, "[1, 2, 3]").contains("not a JSON object"));
        assertTrue(problemOf(dir, "{\"cache_data\": {}}").contains("not an autotune4j cache file"));
        assertTrue(problemOf(dir, "{\"format\": \"autotune4j-cache\", \"version\": 99, \"metadata\": {}, \"entries\": []}")
                .contains("format version 99"));
        assertTrue(problemOf(dir, "{\"format\": \"autotune4j-cache\", \"version\": 1}").contains("lacks"));
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertTrue(problemOf(dir, deep).contains("not a JSON object"), "deep nesting is refused, not a stack overflow");
        Files.createDirectory(dir.resolve("dir.json"));
        assertTrue(CacheFile.load(dir.resolve("dir.json"), HERE).problem().contains("is a directory"));
    }

    @Test
    void hostileTacticTypesAreDataNotClasses(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        CacheFile.save(file, List.of(entry("a", 1, 2)), HERE);
        String json = Files.readString(file).replace("\"type\" : \"int\"",
                "\"type\" : \"record\", \"class\" : \"java.lang.ProcessBuilder\"");
        Files.writeString(file, json);
        LoadResult r = CacheFile.load(file, HERE);
        assertTrue(r.ok());
        // the entry loads as inert JSON; it can only be used if a runner offers an equal tactic
        assertEquals("java.lang.ProcessBuilder", r.entries().get(0).tactic().path("class").asText());
        assertNull(r.entries().get(0).liveTactic());
    }

    @Test
    void malformedEntriesAreSkippedOneByOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        CacheFile.save(file, List.of(entry("a", 1, 2), entry("b", 1, 2)), HERE);
        String json = Files.readString(file).replaceFirst("\"runnerIndex\" : 0", "\"runnerIndex\" : \"zero\"");
        Files.writeString(file, json);
        LoadResult r = CacheFile.load(file, HERE);
        assertTrue(r.ok());
        assertEquals(1, r.entries().size());
        assertEquals(1, r.skipped());
        assertTrue(r.firstSkipReason().contains("runnerIndex"), r.firstSkipReason());
    }

    @Test
    void entriesFromAnotherDeviceOrVersionAreIgnoredWithTheReason(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Map<String, String> other = new java.util.LinkedHashMap<>(HERE.fields());
        other.put(CacheMetadata.CPU_MODEL, "Some Other CPU");
        CacheFile.save(file, List.of(entry("a", 1, 2)), new CacheMetadata(other));
        LoadResult r = CacheFile.load(file, HERE);
        assertFalse(r.ok());
        assertTrue(r.problem().contains("cpuModel 'Some Other CPU'"), r.problem());
        assertTrue(CacheFile.read(file).ok(), "read() still shows it, for reports");

        other.put(CacheMetadata.CPU_MODEL, HERE.get(CacheMetadata.CPU_MODEL));
        other.put(CacheMetadata.LIBRARY_VERSION, "0.0.1");
        CacheFile.save(dir.resolve("v.json"), List.of(entry("a", 1, 2)), new CacheMetadata(other));
        assertTrue(CacheFile.load(dir.resolve("v.json"), HERE).problem().contains("libraryVersion '0.0.1'"));
    }

    /** With the CUDA timer present, entries made on another GPU (or timing policy) are ignored on load. */
    @Test
    void entriesFromAnotherGpuAreIgnored(@TempDir Path dir) throws Exception {
        new dev.autotune4j.cuda.CudaTimer();   // registers the GPU identity fields, as the tuner's ServiceLoader does
        Map<String, String> h100 = Map.of("gpuName", "NVIDIA H100 80GB HBM3", "gpuComputeCapability", "9.0",
                "cudaDriverVersion", "13.0", "gpuTimingPolicy", "p1");
        Path file = dir.resolve("g.json");
        CacheFile.save(file, List.of(entry("gemm", 1, 8)), CacheMetadata.current(h100));
        Map<String, String> h200 = new java.util.HashMap<>(h100);
        h200.put("gpuName", "NVIDIA H200");
        LoadResult other = CacheFile.load(file, CacheMetadata.current(h200));
        assertFalse(other.ok());
        assertTrue(other.problem().contains("gpuName 'NVIDIA H100 80GB HBM3' != 'NVIDIA H200'"), other.problem());
        Map<String, String> policy = new java.util.HashMap<>(h100);
        policy.put("gpuTimingPolicy", "p2");
        assertTrue(CacheFile.load(file, CacheMetadata.current(policy)).problem().contains("gpuTimingPolicy"));
        assertTrue(CacheFile.load(file, CacheMetadata.current(h100)).ok());
    }

    @Test
    void savingOverACorruptOrForeignFileKeepsItAsBackup(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{ corrupt");
        CacheFile.SaveResult r = CacheFile.save(file, List.of(entry("a", 1, 2)), HERE);
        assertNotNull(r.backup());
        assertEquals("{ corrupt", Files.readString(r.backup()), "nothing lost");
        assertEquals(1, CacheFile.load(file, HERE).entries().size());
    }

    @Test
    void rankFilesAreNamedAsTheReferenceDoes() {
        assertEquals(Path.of("/t/cache.rank2.json"), CacheFile.forRank(Path.of("/t/cache.json"), 2));
        assertEquals(Path.of("/t/cache.rank0.json"), CacheFile.forRank(Path.of("/t/cache"), 0));
    }

    @Test
    void tacticEncodingIsTyped() {
        assertEquals("{\"type\":\"int\",\"value\":3}", TacticCodec.encode(3).toString());
        assertEquals("{\"type\":\"long\",\"value\":3}", TacticCodec.encode(3L).toString());
        assertFalse(TacticCodec.encode(3).equals(TacticCodec.encode(3L)), "an int never matches a long");
        assertNull(TacticCodec.encode(new Object()), "arbitrary objects are not persisted");
        assertEquals(JsonNodeFactory.instance.objectNode().put("type", "fallback"),
                TacticCodec.encode(dev.autotune4j.api.Runner.FALLBACK));
    }
}
