package dev.autotune4j.samples.service;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/** What the sample ops share: the thread pool their row-parallel tactics use, the naive product, the activation. */
final class RowLoops {
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()));

    private RowLoops() {
    }

    /** Threads the pool offers a row-parallel tactic. */
    static int parallelism() {
        return POOL.getParallelism();
    }

    /** Runs {@code body} for every row, on the pool when {@code threads} asks for more than one. */
    static void forRows(int rows, Ops.Threads threads, java.util.function.IntConsumer body) {
        if (threads.count() <= 1 || rows < 2) {
            for (int i = 0; i < rows; i++) {
                body.accept(i);
            }
        } else {
            POOL.submit(() -> IntStream.range(0, rows).parallel().forEach(body)).join();
        }
    }

    static float[][] gemmNaive(float[][] x, float[][] w) {
        int m = x.length;
        int k = w.length;
        int n = w[0].length;
        float[][] out = new float[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    s += x[i][p] * w[p][j];
                }
                out[i][j] = s;
            }
        }
        return out;
    }

    static float gelu(float v) {
        return (float) (0.5 * v * (1 + Math.tanh(0.7978845608 * (v + 0.044715 * v * v * v))));
    }
}
