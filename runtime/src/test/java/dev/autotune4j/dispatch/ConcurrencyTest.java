package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.DynamicDimSpec;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyTest {

    /** 16 threads call while tuning: each gets a valid choice, and each (op, profile) is tuned exactly once. */
    @Test
    void sixteenThreadsDuringTuningEachProfileTunedOnce() throws Exception {
        AutoTuner tuner = Tuners.quick();
        SpinRunner runner = new SpinRunner("c", Map.of(0, 10, 1, 2), 15);
        TuningConfig config = TuningConfig.builder().dynamic(DynamicDimSpec.of(0, 0, 1, 2, 4, 8)).build();
        List<SpinRunner> runners = List.of(runner);
        tuner.setMode(Mode.TUNE);

        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Choice>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            results.add(pool.submit(() -> {
                go.await();
                List<Choice> out = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int rows = 1 << ((seed + i) % 4);
                    out.add(tuner.chooseOne("c", runners, config, (Object) new float[rows][4]));
                }
                return out;
            }));
        }
        go.countDown();
        int tuned = 0;
        for (Future<List<Choice>> f : results) {
            for (Choice c : f.get()) {
                assertTrue(c.isFallback() || c.tactic().equals(0) || c.tactic().equals(1), "valid choice: " + c);
                if (!c.isFallback()) {
                    tuned++;
                }
            }
        }
        pool.shutdown();
        tuner.setMode(Mode.REPLAY);

        assertTrue(tuned > 0, "tuned choices were served once tuning finished");
        OpStatistics stats = tuner.statistics().op("c").orElseThrow();
        assertEquals(4, stats.tunedProfiles(), "each of the 4 profiles tuned once");
        assertEquals(4, tuner.cacheEntries().size());
        for (int rows : new int[] {1, 2, 4, 8}) {
            assertEquals(1, tuner.chooseOne("c", runners, config, (Object) new float[rows][4]).tactic());
        }
    }
}
