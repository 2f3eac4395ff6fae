package dev.autotune4j.samples.service;

import java.util.SplittableRandom;

/**
 * One transformer block with fixed random weights: layer norm, Q/K/V projections, attention (scores,
 * softmax, weighted values), output projection with a residual, and an MLP with a residual. Every tunable
 * step goes through {@link Ops}.
 */
public final class Model {
    final int dim;
    final int hidden;
    private final float[][] wq;
    private final float[][] wk;
    private final float[][] wv;
    private final float[][] wo;
    private final float[][] w1;
    private final float[][] w2;

    public Model(int dim, int hidden, long seed) {
        this.dim = dim;
        this.hidden = hidden;
        SplittableRandom r = new SplittableRandom(seed);
        float scale = (float) (1 / Math.sqrt(dim));
        wq = random(r, dim, dim, scale);
        wk = random(r, dim, dim, scale);
        wv = random(r, dim, dim, scale);
        wo = random(r, dim, dim, scale);
        w1 = random(r, dim, hidden, scale);
        w2 = random(r, hidden, dim, (float) (1 / Math.sqrt(hidden)));
    }

    /** The input of a request: {@code tokens} embeddings, a function of the seed. */
    public float[][] input(int tokens, long seed) {
        return random(new SplittableRandom(seed), tokens, dim, 1f);
    }

    public float[][] forward(float[][] x) {
        float[][] n1 = Ops.layerNorm(x);
        float[][] q = Ops.gemm(n1, wq);
        float[][] k = Ops.gemm(n1, wk);
        float[][] v = Ops.gemm(n1, wv);
        float[][] p = Ops.softmax(Ops.attentionScores(q, k));
        float[][] attended = weighted(p, v);
        float[][] h = add(x, Ops.gemm(attended, wo));
        return add(h, Ops.mlp(Ops.layerNorm(h), w1, w2));
    }

    /** A checksum of an output that tolerates the rounding differences between tactics (compare with a tolerance). */
    public static double checksum(float[][] out) {
        double sum = 0;
        for (float[] row : out) {
            for (int j = 0; j < row.length; j++) {
                sum += row[j] * (1 + (j % 7));
            }
        }
        return sum;
    }

    private static float[][] weighted(float[][] p, float[][] v) {
        float[][] out = new float[p.length][v[0].length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < v.length; j++) {
                float a = p[i][j];
                float[] vj = v[j];
                for (int c = 0; c < vj.length; c++) {
                    out[i][c] += a * vj[c];
                }
            }
        }
        return out;
    }

    private static float[][] add(float[][] a, float[][] b) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new float[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = a[i][j] + b[i][j];
            }
        }
        return out;
    }

    private static float[][] random(SplittableRandom r, int rows, int cols, float scale) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) r.nextDouble(-scale, scale);
            }
        }
        return m;
    }
}
