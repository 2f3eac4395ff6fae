package dev.autotune4j.samples;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.ShapeReader;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.samples.vendor.Grid;
import dev.autotune4j.binding.TunableTargets;

import java.util.List;

/**
 * Sample 06: tuning a method you cannot annotate, whose parameters are a library's own type. Two registrations:
 * a {@link ShapeReader} tells the tuner the size of a {@link Grid} (rows x cols), and
 * {@link TunableTargets#register} names {@code Grid.blur(Grid, Grid)} and the class holding its candidates (same
 * name, same parameters, plus a {@code @Tactic}). The agent then rewrites {@code Grid.blur} itself, so the
 * library's own {@code blurTimes} goes through the tuner: its body is the fallback.
 *
 * <p>Run (from the repository root, after {@code mvn -B -q -DskipTests install}):
 * <pre>
 * java -javaagent:agent/target/autotune4j-agent.jar=mode=tune,tuning=inline \
 *      -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.Sample06_ThirdPartyMethod
 * </pre>
 */
public final class Sample06_ThirdPartyMethod {
    private Sample06_ThirdPartyMethod() {
    }

    /** The candidates: row-major loops over the cells array, {@code rowsAtOnce} rows per pass. */
    static final class FastBlur {
        static int calls;

        private FastBlur() {
        }

        static void blur(Grid in, Grid out, @Tactic(values = {1, 8}) int rowsAtOnce) {
            calls++;
            float[] a = in.cells();
            float[] b = out.cells();
            int rows = in.rows();
            int cols = in.cols();
            for (int r0 = 0; r0 < rows; r0 += rowsAtOnce) {
                for (int r = r0; r < Math.min(rows, r0 + rowsAtOnce); r++) {
                    int up = Math.max(0, r - 1) * cols;
                    int down = Math.min(rows - 1, r + 1) * cols;
                    int at = r * cols;
                    for (int c = 0; c < cols; c++) {
                        b[at + c] = (a[up + c] + a[at + c] + a[down + c]) / 3f;
                    }
                }
            }
        }
    }

    /** How the tuner reads a Grid's size; {@code withShape} lets it time the row buckets the calls did not hit. */
    static final class GridShape implements ShapeReader<Grid> {
        @Override
        public int rank(Grid g) {
            return 2;
        }

        @Override
        public long dim(Grid g, int index) {
            return index == 0 ? g.rows() : g.cols();
        }

        @Override
        public Grid withShape(Grid like, long[] dims) {
            Grid g = new Grid(Math.toIntExact(dims[0]), Math.toIntExact(dims[1]));
            for (int i = 0; i < g.cells().length; i++) {
                g.cells()[i] = i % 7;
            }
            return g;
        }
    }

    public static void main(String[] args) {
        TunableTargets.shapeOf(Grid.class, new GridShape());
        TunableTargets.register(Grid.class.getName(), "blur", List.of(Grid.class, Grid.class), "grid-blur",
                TuningConfig.builder()
                        .dynamic(0, 0, Buckets.powersOfTwo(256), Buckets.nextPowerOfTwo())   // rows of `in`
                        .constraint(1, 0, shapes -> shapes[0][0])                            // `out` has as many
                        .build(),
                FastBlur.class);
        for (int rows : new int[] {100, 200, 100}) {
            Grid g = new Grid(rows, 300);
            for (int i = 0; i < g.cells().length; i++) {
                g.cells()[i] = i % 7;
            }
            double sum = 0;
            for (float v : Grid.blurTimes(g, 5).cells()) {
                sum += v;
            }
            System.out.printf("rows=%d sum=%.1f%n", rows, sum);
        }
        System.out.println("candidate calls: " + FastBlur.calls + "; " + AutoTuner.get().statistics().op("grid-blur")
                .map(s -> s.hits() + " hits, " + s.tunedProfiles() + " profiles tuned").orElse("not tuned (no agent)"));
    }
}
