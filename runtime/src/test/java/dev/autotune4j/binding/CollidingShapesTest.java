package dev.autotune4j.binding;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.Runners;
import dev.autotune4j.api.ShapedInput;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunableOp;
import dev.autotune4j.dispatch.TuningSession;
import dev.autotune4j.measure.TimingSettings;
import dev.autotune4j.profile.AnyDims;
import dev.autotune4j.profile.KeyHandles;
import dev.autotune4j.profile.ShapeKeyer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Shapes whose keys collided in the first call-site hash (issue 8): each tactic is offered for one shape only
 * and throws elsewhere, so a call routed to another shape's choice fails loudly. Both paths (the agent's call
 * site, {@link TunableOp#choose}) must route every shape to its own entry, tuned and replayed from a file.
 */
class CollidingShapesTest {

    /** Busy work, so the body (the fallback) is clearly slower than the candidate and never wins. */
    static int spin(int n) {
        int x = n;
        for (int i = 0; i < 20_000; i++) {
            x = x * 31 + i;
        }
        return x;
    }

    static final class Heads {
        static int sink;

        /** The first reproduction: (16, [32][64]) and (32, [16][64]) hashed alike. */
        @Tunable
        static int op(int heads, float[][] x) {
            sink = spin(heads);
            return -1;
        }

        static int op(int heads, float[][] x, @Tactic(provider = "offered") int tactic) {
            if (tactic != offered(heads, x).get(0)) {
                throw new IllegalStateException("tactic " + tactic + " was not offered for " + heads + " x " + x.length);
            }
            return tactic;
        }

        static List<Integer> offered(int heads, float[][] x) {
            return List.of(heads * 1000 + x.length);
        }

        /** The second: rowSum(int scale, int[][] m), where every (scale, rows) of equal sum collided. */
        @Tunable
        static int rowSum(int scale, int[][] m) {
            sink = spin(scale);
            return -1;
        }

        static int rowSum(int scale, int[][] m, @Tactic(provider = "sums") int tactic) {
            if (tactic != sums(scale, m).get(0)) {
                throw new IllegalStateException("tactic " + tactic + " was not offered for " + scale + " x " + m.length);
            }
            return tactic;
        }

        static List<Integer> sums(int scale, int[][] m) {
            return List.of(scale * 100 + m.length);
        }
    }

    private static final int[][] ROW_SUM_PAIRS = {{1, 4}, {2, 3}, {3, 2}, {4, 1}, {5, 0}};

    @Test
    void collidingPairsRouteToTheirOwnTacticsAtTheCallSiteTunedAndReplayedFromAFile(@TempDir Path dir) throws Throwable {
        AutoTuner tuner = new AutoTuner(TimingSettings.quick());
        SiteHarness heads = SiteHarness.of(Heads.class, "op", tuner, int.class, float[][].class);
        SiteHarness rowSum = SiteHarness.of(Heads.class, "rowSum", tuner, int.class, int[][].class);
        try (TuningSession s = tuner.tune()) {
            for (int round = 0; round < 3; round++) {
                assertEquals(16032, heads.call(16, new float[32][64]));
                assertEquals(32016, heads.call(32, new float[16][64]));
                for (int[] p : ROW_SUM_PAIRS) {
                    assertEquals(p[0] * 100 + p[1], rowSum.call(p[0], new int[p[1]][5]), "rowSum(" + p[0] + ", " + p[1] + " rows)");
                }
            }
        }
        tuner.saveCache(dir.resolve("t.json"));
        for (int round = 0; round < 3; round++) {
            assertEquals(16032, heads.call(16, new float[32][64]), "replay in the tuning JVM");
            assertEquals(32016, heads.call(32, new float[16][64]));
        }

        AutoTuner fresh = new AutoTuner(TimingSettings.quick());
        assertEquals(2 + ROW_SUM_PAIRS.length, fresh.loadCache(dir.resolve("t.json")));
        SiteHarness heads2 = SiteHarness.of(Heads.class, "op", fresh, int.class, float[][].class);
        SiteHarness rowSum2 = SiteHarness.of(Heads.class, "rowSum", fresh, int.class, int[][].class);
        for (int round = 0; round < 3; round++) {
            assertEquals(32016, heads2.call(32, new float[16][64]), "replayed from the file");
            assertEquals(16032, heads2.call(16, new float[32][64]));
            for (int i = ROW_SUM_PAIRS.length - 1; i >= 0; i--) {
                int[] p = ROW_SUM_PAIRS[i];
                assertEquals(p[0] * 100 + p[1], rowSum2.call(p[0], new int[p[1]][5]));
            }
        }
        assertEquals(0, fresh.statistics().op("Heads#op").orElseThrow().misses());
        assertEquals(6 + 3 * ROW_SUM_PAIRS.length, fresh.statistics().op("Heads#op").orElseThrow().hits()
                + fresh.statistics().op("Heads#rowSum").orElseThrow().hits());
    }

    @Test
    void theSitesHashesOfThosePairsDiffer() {
        ShapeKeyer keyer = new ShapeKeyer(TuningConfig.defaults());
        java.lang.invoke.MethodHandle hash = new KeyHandles(keyer, List.of(int.class, float[][].class)).hash();
        try {
            long a = (long) hash.invoke(16, new float[32][64]);
            long b = (long) hash.invoke(32, new float[16][64]);
            assertNotEquals(a, b);
            assertEquals(keyer.hash(new Object[] {16, new float[32][64]}), a, "the site hashes as the keyer does");
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Test
    void collidingPairsOnTheApiPath() throws Exception {
        AutoTuner tuner = new AutoTuner(TimingSettings.quick());
        Runner body = Runners.fallback("body", in -> {
            Heads.sink = spin((Integer) in[0]);
            return -1;
        });
        Runner offered = Runners.of("offered",
                in -> List.of((Integer) in[0] * 1000 + ((Object[]) in[1]).length),
                (in, t) -> {
                    if ((Integer) t != (Integer) in[0] * 1000 + ((Object[]) in[1]).length) {
                        throw new IllegalStateException("tactic " + t + " not offered here");
                    }
                    return t;
                });
        TunableOp op = tuner.op("heads", List.of(body, offered), TuningConfig.defaults());
        try (TuningSession s = tuner.tune()) {
            assertEquals(16032, op.run(16, new float[32][64]));
            assertEquals(32016, op.run(32, new float[16][64]));
        }
        tuner.setMode(Mode.REPLAY);
        for (int round = 0; round < 3; round++) {
            Choice c = op.choose(new Object[] {32, new float[16][64]});
            assertEquals(32016, c.tactic());
            assertEquals(16032, op.choose(new Object[] {16, new float[32][64]}).tactic());
        }
    }

    static final class Shaped {
        @Tunable
        static long op(AnyDims d) {
            Heads.sink = spin((int) d.rows());
            return -1;
        }

        static long op(AnyDims d, @Tactic(provider = "offered") long tactic) {
            if (tactic != offered(d).get(0)) {
                throw new IllegalStateException("tactic " + tactic + " was not offered for " + d);
            }
            return tactic;
        }

        static List<Long> offered(AnyDims d) {
            return List.of(d.rows() * 31 + d.cols());
        }
    }

    /** A real 64-bit collision ({@link AnyDims#colliding}): both shapes tuned and replayed, told apart on both paths. */
    @Test
    void equalHashesAreToldApartByTheKey() throws Throwable {
        AnyDims a = new AnyDims(5, 7);
        AnyDims b = a.colliding();
        ShapeKeyer keyer = new ShapeKeyer(TuningConfig.defaults());
        assertEquals(keyer.hash(new Object[] {a}), keyer.hash(new Object[] {b}), "the test needs a real collision");
        assertNotEquals(keyer.key(new Object[] {a}), keyer.key(new Object[] {b}));

        AutoTuner tuner = new AutoTuner(TimingSettings.quick());
        SiteHarness site = SiteHarness.of(Shaped.class, "op", tuner, AnyDims.class);
        long ta = Shaped.offered(a).get(0);
        long tb = Shaped.offered(b).get(0);
        try (TuningSession s = tuner.tune()) {
            site.call(a);
            site.call(b);
        }
        for (int round = 0; round < 3; round++) {
            assertEquals(ta, site.call(a));
            assertEquals(tb, site.call(b));
            assertEquals(ta, site.site.op().choose(new Object[] {a}).tactic());
            assertEquals(tb, site.site.op().choose(new Object[] {b}).tactic());
        }
    }
}
