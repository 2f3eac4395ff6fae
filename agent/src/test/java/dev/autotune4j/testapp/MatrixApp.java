package dev.autotune4j.testapp;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Runners;
import dev.autotune4j.api.ShapeReader;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.OpStatistics;
import dev.autotune4j.testapp.MatrixLib.Dense;
import dev.autotune4j.testapp.MatrixLib.Matrix;
import dev.autotune4j.binding.TunableTargets;

import java.util.List;

/**
 * Tunes a third-party-style library method with object-typed parameters ({@link MatrixLib#mult}), registered in
 * code with a shape reader for the library's matrix type; the application only calls the library's
 * {@link MatrixLib#power}, so every tuned call comes from the library's own code. Prints one line per size,
 * {@code n checksum}, then {@code stats hits misses fastCalls}.
 *
 * <p>Variants (first argument): {@code ok}; {@code subtype} registers the method by the implementation type
 * ({@code Dense}) instead of the declared {@code Matrix}, which matches nothing; {@code noreader} declares a dim
 * on the matrices without registering a reader for them.
 */
public final class MatrixApp {
    private MatrixApp() {
    }

    /** The library's matrices as autotune4j sees them: rows x cols; built at other sizes while tuning. */
    static final class MatrixShape implements ShapeReader<Matrix> {
        @Override
        public int rank(Matrix m) {
            return 2;
        }

        @Override
        public long dim(Matrix m, int index) {
            return index == 0 ? m.rows() : m.cols();
        }

        @Override
        public Matrix withShape(Matrix like, long[] dims) {
            Dense d = new Dense(Math.toIntExact(dims[0]), Math.toIntExact(dims[1]));
            for (int i = 0; i < d.data.length; i++) {
                d.data[i] = 1 + i % 5;
            }
            return d;
        }
    }

    public static void main(String[] args) {
        String variant = args[0];
        if (!variant.equals("noreader")) {
            TunableTargets.shapeOf(Matrix.class, new MatrixShape());
        }
        Class<?> declared = variant.equals("subtype") ? Dense.class : Matrix.class;
        // the rows of a are the dynamic dim; the rows of the output c follow them
        TuningConfig config = TuningConfig.builder().dynamic(0, 0, Buckets.powersOfTwo(32), Buckets.nextPowerOfTwo())
                .constraint(2, 0, shapes -> shapes[0][0]).build();
        if (variant.equals("subtype")) {
            TunableTargets.register(MatrixLib.class.getName(), "mult", List.of(declared, declared, declared), "lib-mult",
                    config, List.of(Runners.of("fast", List.of(4), (in, t) -> {
                        FastMult.mult((Matrix) in[0], (Matrix) in[1], (Matrix) in[2], (Integer) t);
                        return null;
                    })));
        } else {
            TunableTargets.register(MatrixLib.class.getName(), "mult", List.of(declared, declared, declared), "lib-mult",
                    config, FastMult.class);
        }
        for (int a = 1; a < args.length; a++) {
            int n = Integer.parseInt(args[a]);
            Dense m = new Dense(n, n);
            for (int i = 0; i < m.data.length; i++) {
                m.data[i] = (i * 7 + 3) % 5;
            }
            double sum = 0;
            for (double v : ((Dense) MatrixLib.power(m, 4)).data()) {
                sum += v;
            }
            System.out.println(n + " " + (long) sum);
        }
        OpStatistics s = AutoTuner.get().statistics().op("lib-mult").orElse(null);
        TunerStats.print();
        System.out.println("stats " + (s == null ? 0 : s.hits()) + " " + (s == null ? 0 : s.misses()) + " "
                + FastMult.CALLS.get());
        if (s != null) {
            s.failures().forEach(f -> System.out.println("failure " + f));
        }
    }
}
