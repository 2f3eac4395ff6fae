package dev.autotune4j.dispatch;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.cache.LoadResult;
import dev.autotune4j.cache.Untuned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Record untuned, tune later (issue 11): replay misses are listed in the cache file with their calls; a later run in
 * tune mode, or the {@code pretune} command, tunes them in the background before they are called again; the
 * {@code sweep} command tunes every profile of the config.
 */
class UntunedProfilesTest {
    private static final TuningConfig ROWS = TuningConfig.builder()
            .dynamic(0, 0, Buckets.of(1, 2, 4, 8), Buckets.nextPowerOfTwo()).build();

    /** Tactic t spins t microseconds, the fallback 60: tactic 5 wins everywhere. */
    record Spin() implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(5, 40);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            long end = System.nanoTime() + 1000L * (tactic == FALLBACK ? 60 : (Integer) tactic);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return tactic;
        }
    }

    private static Choice call(AutoTuner tuner, int rows) {
        return tuner.chooseOne("rec", List.of(new Spin()), ROWS, (Object) new float[rows][8]);
    }

    private static Set<String> tunedProfiles(AutoTuner tuner) {
        return tuner.cacheEntries().stream().map(e -> e.key().profile().toString()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A replay run that called bucket 4 five times and bucket 8 twice, saved to {@code file}. */
    private static Path recordedRun(Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        AutoTuner replay = Tuners.quick();
        replay.setMode(Mode.REPLAY);
        replay.setCacheFile(file);
        for (int i = 0; i < 5; i++) {
            assertTrue(call(replay, 3).isFallback());
        }
        call(replay, 7);
        call(replay, 8);
        assertTrue(replay.isDirty(), "a newly recorded profile is unsaved work: the exit save writes it");
        replay.saveCache(file);
        return file;
    }

    @Test
    void replayMissesAreListedInTheFileWithTheirCalls(@TempDir Path dir) throws Exception {
        Path file = recordedRun(dir);
        LoadResult read = CacheFile.read(file);
        assertTrue(read.entries().isEmpty());
        Set<String> listed = read.untuned().stream().map(u -> u.op() + " " + u.profile() + " " + u.calls())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("rec [[4,8]] 5", "rec [[8,8]] 2"), listed);
        assertTrue(Files.readString(file).contains("\"untuned\""));
    }

    @Test
    void aLaterRunInTuneModeTunesThemBeforeTheyAreCalledAgain(@TempDir Path dir) throws Exception {
        Path file = recordedRun(dir);
        AutoTuner tuner = Tuners.quick();
        tuner.background().setEnabled(true);
        tuner.setMode(Mode.TUNE);
        tuner.loadCache(file);
        assertTrue(call(tuner, 1).isFallback(), "the op's first call, of another bucket, is a miss as usual");
        assertTrue(tuner.background().awaitIdle(30_000));
        assertEquals(Set.of("[[1,8]]", "[[4,8]]", "[[8,8]]"), tunedProfiles(tuner),
                "the bucket called now and both listed ones; bucket 2 was never called");
        Choice listedBucket = call(tuner, 3);
        assertFalse(listedBucket.isFallback(), "a listed profile is a hit at its first call in this run");
        assertEquals(5, listedBucket.tactic());
        assertEquals(1, tuner.statistics().op("rec").orElseThrow().misses());
        tuner.saveCache(file);
        assertTrue(CacheFile.read(file).untuned().isEmpty(), "tuned profiles are no longer listed");
        tuner.setMode(Mode.REPLAY);
    }

    @Test
    void thePretuneCommandTunesTheListedProfilesOfARunningReplay(@TempDir Path dir) throws Exception {
        Path file = recordedRun(dir);
        AutoTuner tuner = Tuners.quick();   // inline tuning: pretune still tunes off the caller's thread
        tuner.setMode(Mode.REPLAY);
        tuner.loadCache(file);
        assertTrue(call(tuner, 3).isFallback());
        assertEquals(2, tuner.pretune());
        assertEquals(Mode.TUNE, tuner.mode());
        call(tuner, 3);   // the op's next call queues its listed profiles (its own bucket among them)
        assertTrue(tuner.background().awaitIdle(30_000));
        assertTrue(tunedProfiles(tuner).containsAll(Set.of("[[4,8]]", "[[8,8]]")), tunedProfiles(tuner).toString());
        assertEquals(5, call(tuner, 8).tactic());
        tuner.setMode(Mode.REPLAY);
    }

    @Test
    void theSweepCommandTunesEveryProfileOfTheConfigOnce(@TempDir Path dir) throws Exception {
        AutoTuner tuner = Tuners.quick();
        tuner.setMode(Mode.REPLAY);
        assertTrue(call(tuner, 3).isFallback());
        assertEquals(1, tuner.sweep(), "one op bound so far");
        call(tuner, 3);
        assertTrue(tuner.background().awaitIdle(30_000));
        assertEquals(Set.of("[[1,8]]", "[[2,8]]", "[[4,8]]", "[[8,8]]"), tunedProfiles(tuner));
        for (CacheEntry e : tuner.cacheEntries()) {
            assertEquals(5, e.liveTactic(), e.toString());
        }
        tuner.setMode(Mode.REPLAY);
    }

    @Test
    void untunedListsMergeByTheLargerCountAndDropWhatAnEntryTunes(@TempDir Path dir) throws Exception {
        Path file = recordedRun(dir);
        // a second replay run of the same history: 5 calls of bucket 4 loaded, 1 more made here
        AutoTuner again = Tuners.quick();
        again.setMode(Mode.REPLAY);
        again.loadCache(file);
        call(again, 4);
        again.saveCache(file);
        List<Untuned> listed = CacheFile.read(file).untuned();
        assertEquals(6, listed.stream().filter(u -> u.profile().toString().equals("[[4,8]]")).findFirst().orElseThrow().calls());
        assertEquals(2, listed.size());
        // a tuning run (its own memory, no load) that tunes bucket 8 only: the file then lists bucket 4 alone
        AutoTuner tune = Tuners.quick();
        tune.background().setEnabled(true);
        tune.setMode(Mode.TUNE);
        call(tune, 8);
        assertTrue(tune.background().awaitIdle(30_000));
        tune.setMode(Mode.REPLAY);
        tune.saveCache(file);
        List<Untuned> after = CacheFile.read(file).untuned();
        assertEquals(List.of("[[4,8]]"), after.stream().map(u -> u.profile().toString()).toList());
    }
}
