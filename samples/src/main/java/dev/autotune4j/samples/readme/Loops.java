package dev.autotune4j.samples.readme;

/** The matrix loops the README's examples call: a naive one (the fallback), a blocked one, and loop orders. */
final class Loops {
    private Loops() {
    }

    enum Loop { IJK, IKJ }

    static float[][] naive(float[][] a, float[][] b) {
        return ordered(a, b, Loop.IJK);
    }

    static float[][] ordered(float[][] a, float[][] b, Loop order) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        float[][] c = new float[n][m];
        if (order == Loop.IKJ) {
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < m; j++) {
                        c[i][j] += a[i][p] * b[p][j];
                    }
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    float sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += a[i][p] * b[p][j];
                    }
                    c[i][j] = sum;
                }
            }
        }
        return c;
    }

    static float[][] blocked(float[][] a, float[][] b, int block) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        float[][] c = new float[n][m];
        for (int p0 = 0; p0 < k; p0 += block) {
            int p1 = Math.min(k, p0 + block);
            for (int i = 0; i < n; i++) {
                for (int p = p0; p < p1; p++) {
                    for (int j = 0; j < m; j++) {
                        c[i][j] += a[i][p] * b[p][j];
                    }
                }
            }
        }
        return c;
    }
}
