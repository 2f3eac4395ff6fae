package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tactics of every supported type come back from a cache file with their type, in a fresh tuner. */
class TacticRoundTripTest {
    enum Loop { IJK, IKJ, JIK }

    record Tile(int m, int n, Loop loop) {
    }

    /** Offers the given tactics; the one equal to {@code best} is fast. */
    record Offering(String name, List<Object> tactics, Object best) implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return tactics;
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            SpinRunner.spin(best.equals(tactic) ? 2 : 25);
            return tactic;
        }

        @Override
        public String id() {
            return name;
        }
    }

    private static Object tuneSaveAndReplay(Path file, List<Object> tactics, Object best) throws Exception {
        TuningConfig config = TuningConfig.defaults();
        AutoTuner tuner = Tuners.quick();
        try (TuningSession s = tuner.tune(file)) {
            assertEquals(best, tuner.chooseOne("op", List.of(new Offering("r", tactics, best)), config, (Object) new float[4]).tactic());
        }
        AutoTuner fresh = Tuners.quick();
        assertEquals(1, fresh.loadCache(dev.autotune4j.cache.CacheFile.forRank(file, 0)));
        Choice c = fresh.chooseOne("op", List.of(new Offering("r", tactics, best)), config, (Object) new float[4]);
        assertFalse(c.isFallback());
        return c.tactic();
    }

    @Test
    void intsStayInts(@TempDir Path dir) throws Exception {
        Object t = tuneSaveAndReplay(dir.resolve("c.json"), List.of(1, 2, 3), 2);
        assertEquals(Integer.valueOf(2), t);
    }

    @Test
    void longsStayLongs(@TempDir Path dir) throws Exception {
        Object t = tuneSaveAndReplay(dir.resolve("c.json"), List.of(1L, 2L), 2L);
        assertEquals(Long.valueOf(2), t);
    }

    @Test
    void enumsStayEnums(@TempDir Path dir) throws Exception {
        Object t = tuneSaveAndReplay(dir.resolve("c.json"), List.of(Loop.IJK, Loop.IKJ, Loop.JIK), Loop.IKJ);
        assertSame(Loop.IKJ, t);
    }

    @Test
    void recordsRebuild(@TempDir Path dir) throws Exception {
        List<Object> tiles = List.of(new Tile(8, 8, Loop.IJK), new Tile(16, 8, Loop.IKJ), new Tile(32, 32, Loop.JIK));
        Object t = tuneSaveAndReplay(dir.resolve("c.json"), tiles, new Tile(16, 8, Loop.IKJ));
        assertEquals(new Tile(16, 8, Loop.IKJ), t);
        assertTrue(t instanceof Tile);
        String json = Files.readString(dir.resolve("c.rank0.json"));
        assertTrue(json.contains("\"type\" : \"record\"") && json.contains(Tile.class.getName()), json);
    }

    @Test
    void mapsRebuild(@TempDir Path dir) throws Exception {
        List<Object> configs = List.of(Map.of("block", 32, "unroll", 2), Map.of("block", 64, "unroll", 4));
        Object t = tuneSaveAndReplay(dir.resolve("c.json"), configs, Map.of("block", 64, "unroll", 4));
        assertEquals(Map.of("block", 64, "unroll", 4), t);
    }

    @Test
    void aTacticTheRunnerNoLongerOffersIsNeverRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        TuningConfig config = TuningConfig.defaults();
        AutoTuner tuner = Tuners.quick();
        try (TuningSession s = tuner.tune(file)) {
            tuner.chooseOne("op", List.of(new Offering("r", List.of(1, 2, 3), 3)), config, (Object) new float[4]);
        }
        AutoTuner fresh = Tuners.quick();
        fresh.loadCache(dev.autotune4j.cache.CacheFile.forRank(file, 0));
        // the new version of the runner dropped tactic 3
        Choice c = fresh.chooseOne("op", List.of(new Offering("r", List.of(1, 2), 2)), config, (Object) new float[4]);
        assertTrue(c.isFallback());
    }
}
