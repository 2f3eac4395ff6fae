package dev.autotune4j.samples;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunableOp;
import dev.autotune4j.dispatch.TuningSession;
import dev.autotune4j.measure.TimingSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Sample 04: the programmatic API, no agent. One op (a matrix product {@code C = A x B}) with one runner
 * whose tactics are block sizes of a cache-blocked loop; the token dimension (rows of A) is dynamic.
 * A tuning session tunes every bucket and saves the cache; a fresh tuner loads it and replays.
 *
 * <p>Run (from the repository root, after {@code mvn -B -q -DskipTests install}):
 * {@code java -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.Sample04_ProgrammaticRunner [cache.json]}
 */
public final class Sample04_ProgrammaticRunner {
    private Sample04_ProgrammaticRunner() {
    }

    /** {@code A (m x k) x B (k x n)}; the tactic is the block size over k, the fallback the naive i-j-k loop. */
    static final class BlockedMatMul implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(8, 32, 128);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            float[][] a = (float[][]) inputs[0];
            float[][] b = (float[][]) inputs[1];
            int m = a.length;
            int k = b.length;
            int n = b[0].length;
            float[][] c = new float[m][n];
            if (tactic == FALLBACK) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float s = 0;
                        for (int p = 0; p < k; p++) {
                            s += a[i][p] * b[p][j];
                        }
                        c[i][j] = s;
                    }
                }
                return c;
            }
            int block = (Integer) tactic;
            for (int p0 = 0; p0 < k; p0 += block) {
                int p1 = Math.min(k, p0 + block);
                for (int i = 0; i < m; i++) {
                    float[] ci = c[i];
                    for (int p = p0; p < p1; p++) {
                        float aip = a[i][p];
                        float[] bp = b[p];
                        for (int j = 0; j < n; j++) {
                            ci[j] += aip * bp[j];
                        }
                    }
                }
            }
            return c;
        }
    }

    public static void main(String[] args) throws Exception {
        Path cache = Path.of(args.length > 0 ? args[0] : "target/sample04-cache.json");
        Files.deleteIfExists(AutoTuner.rankFile(cache, 0));
        List<BlockedMatMul> runners = List.of(new BlockedMatMul());
        TuningConfig config = TuningConfig.builder()
                .dynamic(0, 0, Buckets.powersOfTwoUpToSize(), Buckets.nextPowerOfTwo())
                .tuneMaxSize(64)
                .build();
        float[][] weights = random(256, 256);

        AutoTuner tuner = new AutoTuner(TimingSettings.defaults());
        try (TuningSession session = tuner.tune(cache)) {
            tuner.chooseOne("matmul", runners, config, random(64, 256), weights);
            System.out.println("tuned, saving to " + session.file());
        }

        AutoTuner replay = new AutoTuner(TimingSettings.defaults());
        replay.loadCache(AutoTuner.rankFile(cache, 0));
        TunableOp op = replay.op("matmul", runners, config);
        System.out.printf("%-8s %-10s %14s %14s %8s%n", "tokens", "tactic", "fallback us", "tuned us", "speedup");
        for (int tokens : new int[] {1, 3, 8, 20, 64, 100}) {
            Object[] inputs = {random(tokens, 256), weights};
            Choice choice = op.choose(inputs);
            double fallback = time(() -> op.fallback().run(inputs));
            double tuned = time(() -> choice.run(inputs));
            System.out.printf("%-8d %-10s %14.1f %14.1f %7.2fx%n", tokens, choice.tactic(), fallback / 1e3, tuned / 1e3,
                    fallback / tuned);
        }
        System.out.println();
        System.out.print(replay.statistics().toTable());
    }

    interface Call {
        Object call() throws Exception;
    }

    /** Median of 15 timed calls after 10 warmup calls: a rough figure for the printout, not a benchmark. */
    static double time(Call call) throws Exception {
        for (int i = 0; i < 10; i++) {
            call.call();
        }
        double[] t = new double[15];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            call.call();
            t[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(t);
        return t[t.length / 2];
    }

    static float[][] random(int rows, int cols) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(rows * 31L + cols);
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) r.nextDouble(-1, 1);
            }
        }
        return m;
    }
}
