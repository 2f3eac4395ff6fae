package dev.autotune4j.dispatch;

import dev.autotune4j.api.DistributedStrategy;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The exchange's rules in one JVM, two tuners as two ranks over an in-memory group (the Hazelcast one is tested with
 * real JVMs in the distributed module): parallel divides the tactics and both ranks keep the fastest, wherever it was
 * timed; a result a rank cannot read counts as no result instead of stopping the pass.
 */
class GroupExchangeTest {

    /** A group whose ranks share one map in this JVM; collect waits on it. */
    static final class MemoryGroup implements TuningGroup {
        final Map<String, byte[]> shared;
        final int rank;
        final int size;

        MemoryGroup(Map<String, byte[]> shared, int rank, int size) {
            this.shared = shared;
            this.rank = rank;
            this.size = size;
        }

        @Override
        public int rank() {
            return rank;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void publish(String key, byte[] result) {
            synchronized (shared) {
                shared.putIfAbsent(key + "#" + rank, result);
                shared.notifyAll();
            }
        }

        @Override
        public Map<Integer, byte[]> collect(String key, Collection<Integer> ranks, Duration timeout)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (shared) {
                while (true) {
                    Map<Integer, byte[]> got = new HashMap<>();
                    for (int r : ranks) {
                        if (shared.containsKey(key + "#" + r)) {
                            got.put(r, shared.get(key + "#" + r));
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (got.size() == ranks.size() || left <= 0) {
                        return got;
                    }
                    TimeUnit.NANOSECONDS.timedWait(shared, left);
                }
            }
        }

        @Override
        public void close() {
        }
    }

    /** Four tactics; the same id on every rank, as the runners of one application have. */
    record Four() implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(0, 1, 2, 3);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            return 1;
        }
    }

    private static final TuningConfig PARALLEL = TuningConfig.builder().distributed(DistributedStrategy.PARALLEL).build();

    private static AutoTuner rank(Map<String, byte[]> shared, int rank, Duration timeout) {
        AutoTuner tuner = Tuners.quick();
        // tactic 3 is the fastest and only rank 1 times it; the fallback is slowest
        tuner.addTimer(TableTimer.byTactic(Map.of(0, 100.0, 1, 90.0, 2, 80.0, 3, 70.0), 200.0));
        tuner.joinGroup(new MemoryGroup(shared, rank, 2), DistributedStrategy.INDEPENDENT, timeout);
        return tuner;
    }

    private static Object tune(AutoTuner tuner) {
        try (TuningSession s = tuner.tune()) {
            return tuner.chooseOne("op", List.of(new Four()), PARALLEL, (Object) new float[4]).tactic();
        }
    }

    @Test
    void parallelRanksTimeTheirShareAndKeepTheFastest() throws Exception {
        Map<String, byte[]> shared = new HashMap<>();
        AutoTuner zero = rank(shared, 0, Duration.ofSeconds(30));
        AutoTuner one = rank(shared, 1, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Object> a = pool.submit(() -> tune(zero));
            Future<Object> b = pool.submit(() -> tune(one));
            assertEquals(3, a.get(60, TimeUnit.SECONDS), "rank 0 keeps rank 1's tactic 3, which it never timed");
            assertEquals(3, b.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, zero.statistics().op("op").orElseThrow().timedCandidates(), "the fallback and tactics 0 and 2");
        assertEquals(3, one.statistics().op("op").orElseThrow().timedCandidates(), "the fallback and tactics 1 and 3");
        assertEquals(3, tune(zero), "replayed from the cache: the adopted entry resolves to this rank's tactic");
    }

    @Test
    void aResultThatCannotBeReadCountsAsNone() {
        Map<String, byte[]> shared = new HashMap<>();
        shared.put("op|[[4]]#1", "{\"not\": \"an entry\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AutoTuner zero = rank(shared, 0, Duration.ofSeconds(5));
        assertEquals(2, tune(zero), "rank 1's unreadable result is left out: rank 0's own best of its share");
    }
}
