package dev.autotune4j.binding;

import dev.autotune4j.api.Mode;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunableOp;
import dev.autotune4j.dispatch.TuningSession;
import dev.autotune4j.measure.TimingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing stays exact while the table is rebuilt under the callers: threads call one op through its call site
 * and through {@link TunableOp#choose} on tuned and untuned shapes whose keys collided in the first hash, while
 * another thread keeps clearing and reloading the cache (each change empties and republishes the tables). Every
 * answer must be the shape's own tactic or the fallback, never another shape's; the bound on calls and time
 * keeps it short.
 */
class ConcurrentRoutingTest {

    @Test
    void everyCallGetsItsOwnShapesTacticOrTheFallbackWhileTablesAreRebuilt(@TempDir Path dir) throws Exception {
        AutoTuner tuner = new AutoTuner(TimingSettings.quick());
        SiteHarness site = SiteHarness.of(CollidingShapesTest.Heads.class, "rowSum", tuner, int.class, int[][].class);
        TunableOp op = site.site.op();
        int[][] tuned = {{1, 4}, {2, 3}, {3, 2}, {4, 1}};
        int[][] untuned = {{5, 0}, {0, 5}, {6, 1}};
        try (TuningSession s = tuner.tune()) {
            for (int[] p : tuned) {
                site.call(p[0], new int[p[1]][5]);
            }
        }
        Path file = dir.resolve("c.json");
        tuner.saveCache(file);
        tuner.setMode(Mode.REPLAY);

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> churn = pool.submit(() -> {
                while (!stop.get()) {
                    tuner.clearCache();
                    tuner.loadCache(file);
                    Thread.sleep(2);   // let the tables fill again between changes, so that hits are tested too
                }
                return null;
            });
            List<Future<int[]>> callers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                long seed = t;
                callers.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int own = 0;
                    int fallback = 0;
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    for (int i = 0; i < 200_000 && System.nanoTime() < end; i++) {
                        int[] p = r.nextBoolean() ? tuned[r.nextInt(tuned.length)] : untuned[r.nextInt(untuned.length)];
                        int[][] m = new int[p[1]][5];
                        Object answer = r.nextBoolean() ? site.call(p[0], m) : op.choose(new Object[] {p[0], m}).tactic();
                        int got = answer instanceof Integer n ? n : -1;
                        if (got == p[0] * 100 + p[1]) {
                            own++;
                        } else if (got == -1 || answer == dev.autotune4j.api.Runner.FALLBACK) {
                            fallback++;
                        } else {
                            throw new AssertionError("rowSum(" + p[0] + ", " + p[1] + " rows) got " + answer);
                        }
                    }
                    return new int[] {own, fallback};
                }));
            }
            int own = 0;
            for (Future<int[]> f : callers) {
                own += f.get(30, TimeUnit.SECONDS)[0];
            }
            stop.set(true);
            churn.get(30, TimeUnit.SECONDS);
            assertTrue(own > 10_000, own + " calls served their own tactic");
        } finally {
            stop.set(true);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        tuner.clearCache();
        assertEquals(4, tuner.loadCache(file));
        for (int[] p : tuned) {
            assertEquals(p[0] * 100 + p[1], site.call(p[0], new int[p[1]][5]));
        }
    }
}
