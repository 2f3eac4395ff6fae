package dev.autotune4j.benchmarks.accuracy;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The tactics of the accuracy families, each its own method. */
final class Kernels {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "accuracy-worker");
        t.setDaemon(true);
        return t;
    });

    private Kernels() {
    }

    // The matrix kernels write into the caller's output (and workspace), as GEMM kernels do, and allocate nothing:
    // allocating the output in each call made the 8 x 8 size time the heap, not the loops. In one JMH fork the
    // same code ran 350 ns/op, then 1,400 ns/op once the young generation had grown past the caches (with -Xmn4m
    // it stayed at 350-520), and JMH's forks of one tactic spread up to 4x.

    static float[][] ijk(float[][] a, float[][] b, float[][] c) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i][k] * b[k][j];
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    static float[][] ikj(float[][] a, float[][] b, float[][] c) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            float[] ci = c[i];
            Arrays.fill(ci, 0f);
            for (int k = 0; k < n; k++) {
                float aik = a[i][k];
                float[] bk = b[k];
                for (int j = 0; j < n; j++) {
                    ci[j] += aik * bk[j];
                }
            }
        }
        return c;
    }

    /** {@code bt}: the workspace b is transposed into. */
    static float[][] transposed(float[][] a, float[][] b, float[][] c, float[][] bt) {
        int n = a.length;
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                bt[j][k] = b[k][j];
            }
        }
        for (int i = 0; i < n; i++) {
            float[] ai = a[i];
            for (int j = 0; j < n; j++) {
                float[] btj = bt[j];
                float s = 0;
                for (int k = 0; k < n; k++) {
                    s += ai[k] * btj[k];
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    static double sum(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s;
    }

    static double sumTwoThreads(float[] x) {
        int half = x.length / 2;
        CompletableFuture<Double> left = CompletableFuture.supplyAsync(() -> sum(x, 0, half), POOL);
        double right = sum(x, half, x.length);
        return left.join() + right;
    }

    static double copy0(float[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * 1.5f;
        }
        return s;
    }

    static double copy1(float[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * 1.5f;
        }
        return s;
    }

    static double copy2(float[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * 1.5f;
        }
        return s;
    }

    static double copy3(float[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * 1.5f;
        }
        return s;
    }

    static double copy4(float[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * 1.5f;
        }
        return s;
    }

    static double copy5(float[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * 1.5f;
        }
        return s;
    }
}
