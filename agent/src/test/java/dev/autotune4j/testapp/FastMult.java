package dev.autotune4j.testapp;

import dev.autotune4j.api.Tactic;
import dev.autotune4j.testapp.MatrixLib.Dense;
import dev.autotune4j.testapp.MatrixLib.Matrix;

import java.util.concurrent.atomic.AtomicLong;

/** The application's candidates for {@link MatrixLib#mult}: one pass, blocked over k, on dense storage. */
final class FastMult {
    static final AtomicLong CALLS = new AtomicLong();

    private FastMult() {
    }

    static void mult(Matrix a, Matrix b, Matrix c, @Tactic(values = {4, 16}) int block) {
        CALLS.incrementAndGet();
        Dense x = (Dense) a;
        Dense y = (Dense) b;
        Dense z = (Dense) c;
        int n = x.rows;
        int m = y.cols;
        int inner = x.cols;
        java.util.Arrays.fill(z.data, 0);
        for (int k0 = 0; k0 < inner; k0 += block) {
            int k1 = Math.min(inner, k0 + block);
            for (int i = 0; i < n; i++) {
                for (int k = k0; k < k1; k++) {
                    double aik = x.data[i * inner + k];
                    for (int j = 0; j < m; j++) {
                        z.data[i * m + j] += aik * y.data[k * m + j];
                    }
                }
            }
        }
    }
}
