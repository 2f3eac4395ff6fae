package dev.autotune4j.samples.service;

import dev.autotune4j.api.Constraint;
import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;

import java.util.List;

/**
 * The transformer-block ops of the sample service. Each is a {@code @Tunable} method whose body is the plain
 * textbook loop (the fallback) and whose two to four overloads are real alternatives: loop orders,
 * cache-blocked tiles, independent accumulators, one-pass forms, rows split over a ForkJoinPool (a record
 * tactic whose values a provider method gives). The token dimension (rows) is dynamic: tuned at powers of two up to
 * {@link #MAX_TOKENS}, larger batches use the largest bucket.
 */
public final class Ops {
    /** The largest token bucket tuned. */
    public static final int MAX_TOKENS = 64;

    private Ops() {
    }

    public enum Loop { IKJ, KIJ }

    /** A thread count for the row-parallel GEMM (a record tactic). */
    public record Threads(int count) {
    }

    // ---- GEMM: x [tokens][k] times w [k][n] ---------------------------------------------------------------

    @Tunable(op = "gemm", dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = MAX_TOKENS), tuneMaxSize = MAX_TOKENS)
    public static float[][] gemm(float[][] x, float[][] w) {
        return RowLoops.gemmNaive(x, w);
    }

    /** Row-streaming loop orders: the inner loop runs along a row of w, which the JIT vectorizes. */
    static float[][] gemm(float[][] x, float[][] w, @Tactic Loop order) {
        int m = x.length;
        int k = w.length;
        int n = w[0].length;
        float[][] out = new float[m][n];
        if (order == Loop.IKJ) {
            for (int i = 0; i < m; i++) {
                rowTimes(x[i], w, out[i], 0, k);
            }
        } else {
            for (int p = 0; p < k; p++) {
                float[] wp = w[p];
                for (int i = 0; i < m; i++) {
                    float a = x[i][p];
                    float[] o = out[i];
                    for (int j = 0; j < n; j++) {
                        o[j] += a * wp[j];
                    }
                }
            }
        }
        return out;
    }

    /** Cache-blocked over k: a tile of w's rows stays in cache while every row of x uses it. */
    static float[][] gemm(float[][] x, float[][] w, @Tactic(values = {16, 64}) int tile) {
        int m = x.length;
        int k = w.length;
        float[][] out = new float[m][w[0].length];
        for (int p0 = 0; p0 < k; p0 += tile) {
            int p1 = Math.min(k, p0 + tile);
            for (int i = 0; i < m; i++) {
                rowTimes(x[i], w, out[i], p0, p1);
            }
        }
        return out;
    }

    /** Rows split over a ForkJoinPool. */
    static float[][] gemm(float[][] x, float[][] w, @Tactic(provider = "threads") Threads threads) {
        int k = w.length;
        float[][] out = new float[x.length][w[0].length];
        RowLoops.forRows(x.length, threads, i -> rowTimes(x[i], w, out[i], 0, k));
        return out;
    }


    /** The thread counts for the two-matrix ops (gemm, attention scores). */
    static List<Threads> threads(float[][] x, float[][] w) {
        return threads(x);
    }

    private static void rowTimes(float[] xi, float[][] w, float[] o, int from, int to) {
        int n = o.length;
        for (int p = from; p < to; p++) {
            float a = xi[p];
            float[] wp = w[p];
            for (int j = 0; j < n; j++) {
                o[j] += a * wp[j];
            }
        }
    }

    // ---- attention scores: q [tokens][d] times k [tokens][d]^T, scaled ----------------------------------

    @Tunable(op = "attention_scores", dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = MAX_TOKENS),
            constraints = @Constraint(arg = 1, dim = 0, method = "sameTokens"), tuneMaxSize = MAX_TOKENS)
    public static float[][] attentionScores(float[][] q, float[][] k) {
        int t = q.length;
        int d = q[0].length;
        float scale = (float) (1 / Math.sqrt(d));
        float[][] s = new float[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                float acc = 0;
                for (int c = 0; c < d; c++) {
                    acc += q[i][c] * k[j][c];
                }
                s[i][j] = acc * scale;
            }
        }
        return s;
    }

    /** Dot products with several independent accumulators, so additions overlap. */
    static float[][] attentionScores(float[][] q, float[][] k, @Tactic(values = {2, 4}) int lanes) {
        int t = q.length;
        int d = q[0].length;
        float scale = (float) (1 / Math.sqrt(d));
        float[][] s = new float[t][t];
        float[] acc = new float[lanes];
        for (int i = 0; i < t; i++) {
            float[] qi = q[i];
            for (int j = 0; j < t; j++) {
                float[] kj = k[j];
                java.util.Arrays.fill(acc, 0);
                int c = 0;
                for (; c + lanes <= d; c += lanes) {
                    for (int l = 0; l < lanes; l++) {
                        acc[l] += qi[c + l] * kj[c + l];
                    }
                }
                float sum = 0;
                for (int l = 0; l < lanes; l++) {
                    sum += acc[l];
                }
                for (; c < d; c++) {
                    sum += qi[c] * kj[c];
                }
                s[i][j] = sum * scale;
            }
        }
        return s;
    }

    /** Rows of the scores split over the pool. */
    static float[][] attentionScores(float[][] q, float[][] k, @Tactic(provider = "threads") Threads threads) {
        int t = q.length;
        float scale = (float) (1 / Math.sqrt(q[0].length));
        float[][] s = new float[t][t];
        RowLoops.forRows(t, threads, i -> {
            for (int j = 0; j < t; j++) {
                float acc = 0;
                float[] qi = q[i];
                float[] kj = k[j];
                for (int c = 0; c < qi.length; c++) {
                    acc += qi[c] * kj[c];
                }
                s[i][j] = acc * scale;
            }
        });
        return s;
    }

    static long sameTokens(long[][] shapes) {
        return shapes[0][0];
    }

    // ---- softmax over each row of the scores -----------------------------------------------------------

    public enum Pass { ONLINE, FUSED_EXP }

    @Tunable(op = "softmax", dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = MAX_TOKENS),
            constraints = @Constraint(arg = 0, dim = 1, method = "square"), tuneMaxSize = MAX_TOKENS)
    public static float[][] softmax(float[][] s) {
        float[][] out = new float[s.length][];
        for (int i = 0; i < s.length; i++) {
            float[] row = s[i];
            float max = Float.NEGATIVE_INFINITY;
            for (float v : row) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : row) {
                sum += Math.exp(v - max);
            }
            out[i] = new float[row.length];
            for (int j = 0; j < row.length; j++) {
                out[i][j] = (float) (Math.exp(row[j] - max) / sum);
            }
        }
        return out;
    }

    /** ONLINE: one pass for max and sum (rescaling the sum); FUSED_EXP: each exp computed once and kept. */
    static float[][] softmax(float[][] s, @Tactic Pass pass) {
        float[][] out = new float[s.length][];
        for (int i = 0; i < s.length; i++) {
            float[] row = s[i];
            float[] o = new float[row.length];
            float max = Float.NEGATIVE_INFINITY;
            double sum = 0;
            if (pass == Pass.ONLINE) {
                for (float v : row) {
                    if (v > max) {
                        sum = sum * Math.exp(max - v) + 1;
                        max = v;
                    } else {
                        sum += Math.exp(v - max);
                    }
                }
                for (int j = 0; j < row.length; j++) {
                    o[j] = (float) (Math.exp(row[j] - max) / sum);
                }
            } else {
                for (float v : row) {
                    max = Math.max(max, v);
                }
                double[] e = new double[row.length];
                for (int j = 0; j < row.length; j++) {
                    e[j] = Math.exp(row[j] - max);
                    sum += e[j];
                }
                double inv = 1 / sum;
                for (int j = 0; j < row.length; j++) {
                    o[j] = (float) (e[j] * inv);
                }
            }
            out[i] = o;
        }
        return out;
    }

    /** Rows split over the pool, each row as FUSED_EXP. */
    static float[][] softmax(float[][] s, @Tactic(provider = "threads") Threads threads) {
        float[][] out = new float[s.length][];
        RowLoops.forRows(s.length, threads, i -> out[i] = softmax(new float[][] {s[i]}, Pass.FUSED_EXP)[0]);
        return out;
    }

    static long square(long[][] shapes) {
        return shapes[0][0];
    }

    // ---- layer norm over each row ----------------------------------------------------------------------

    public enum Norm { WELFORD, SUMS }

    @Tunable(op = "layer_norm", dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = MAX_TOKENS), tuneMaxSize = MAX_TOKENS)
    public static float[][] layerNorm(float[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            float[] row = x[i];
            double mean = 0;
            for (float v : row) {
                mean += v;
            }
            mean /= row.length;
            double var = 0;
            for (float v : row) {
                var += (v - mean) * (v - mean);
            }
            var /= row.length;
            double inv = 1 / Math.sqrt(var + 1e-5);
            out[i] = new float[row.length];
            for (int j = 0; j < row.length; j++) {
                out[i][j] = (float) ((row[j] - mean) * inv);
            }
        }
        return out;
    }

    /** WELFORD: one numerically stable pass; SUMS: the sum and the sum of squares in one pass (double sums). */
    static float[][] layerNorm(float[][] x, @Tactic Norm norm) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            float[] row = x[i];
            double mean;
            double var;
            if (norm == Norm.WELFORD) {
                double m = 0;
                double m2 = 0;
                for (int j = 0; j < row.length; j++) {
                    double delta = row[j] - m;
                    m += delta / (j + 1);
                    m2 += delta * (row[j] - m);
                }
                mean = m;
                var = m2 / row.length;
            } else {
                double s = 0;
                double s2 = 0;
                for (float v : row) {
                    s += v;
                    s2 += v * v;
                }
                mean = s / row.length;
                var = Math.max(0, s2 / row.length - mean * mean);
            }
            double inv = 1 / Math.sqrt(var + 1e-5);
            float[] o = new float[row.length];
            for (int j = 0; j < row.length; j++) {
                o[j] = (float) ((row[j] - mean) * inv);
            }
            out[i] = o;
        }
        return out;
    }

    /** Rows split over the pool, each row with the one-pass sums. */
    static float[][] layerNorm(float[][] x, @Tactic(provider = "threads") Threads threads) {
        float[][] out = new float[x.length][];
        RowLoops.forRows(x.length, threads, i -> out[i] = layerNorm(new float[][] {x[i]}, Norm.SUMS)[0]);
        return out;
    }

    // ---- MLP: RowLoops.gelu(x w1) w2 ----------------------------------------------------------------------------

    public enum Fusion { FUSED_ROWS, TWO_GEMMS }

    @Tunable(op = "mlp", dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = MAX_TOKENS), tuneMaxSize = MAX_TOKENS)
    public static float[][] mlp(float[][] x, float[][] w1, float[][] w2) {
        float[][] h = RowLoops.gemmNaive(x, w1);
        for (float[] row : h) {
            for (int j = 0; j < row.length; j++) {
                row[j] = RowLoops.gelu(row[j]);
            }
        }
        return RowLoops.gemmNaive(h, w2);
    }

    /** FUSED_ROWS: each token's hidden row is computed, activated and projected while it is in cache. */
    static float[][] mlp(float[][] x, float[][] w1, float[][] w2, @Tactic Fusion fusion) {
        if (fusion == Fusion.TWO_GEMMS) {
            float[][] h = gemm(x, w1, Loop.IKJ);
            for (float[] row : h) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = RowLoops.gelu(row[j]);
                }
            }
            return gemm(h, w2, Loop.IKJ);
        }
        float[][] out = new float[x.length][w2[0].length];
        float[] hidden = new float[w1[0].length];
        for (int i = 0; i < x.length; i++) {
            java.util.Arrays.fill(hidden, 0);
            rowTimes(x[i], w1, hidden, 0, w1.length);
            for (int j = 0; j < hidden.length; j++) {
                hidden[j] = RowLoops.gelu(hidden[j]);
            }
            rowTimes(hidden, w2, out[i], 0, w2.length);
        }
        return out;
    }

    /** Tokens split over the pool, each fused row by row. */
    static float[][] mlp(float[][] x, float[][] w1, float[][] w2, @Tactic(provider = "threads") Threads threads) {
        float[][] out = new float[x.length][];
        RowLoops.forRows(x.length, threads, i -> out[i] = mlp(new float[][] {x[i]}, w1, w2, Fusion.FUSED_ROWS)[0]);
        return out;
    }

    static List<Threads> threads(float[][] x, float[][] w1, float[][] w2) {
        return threads(x);
    }

    /** One thread, and all of the pool's when there are rows enough to share. */
    static List<Threads> threads(float[][] x) {
        return x.length < 2 ? List.of(new Threads(1)) : List.of(new Threads(1), new Threads(RowLoops.parallelism()));
    }
}
