package dev.autotune4j.testapp;

/**
 * Stands for a third-party matrix library: no annotations, object-typed parameters (an interface and its
 * implementation), and its own code calling the method to tune ({@link #power} calls {@link #mult}). Its
 * {@code mult} recomputes the product four times, so a tuned candidate that computes it once is clearly faster.
 * Entries are small integers, so every order of summation gives the same doubles.
 */
public final class MatrixLib {
    private MatrixLib() {
    }

    /** The library's matrix abstraction. */
    public interface Matrix {
        int rows();

        int cols();

        double get(int r, int c);

        void set(int r, int c, double v);
    }

    /** The library's dense row-major matrix. */
    public static final class Dense implements Matrix {
        final int rows;
        final int cols;
        final double[] data;

        public Dense(int rows, int cols) {
            this.rows = rows;
            this.cols = cols;
            this.data = new double[rows * cols];
        }

        public int rows() {
            return rows;
        }

        public int cols() {
            return cols;
        }

        public double get(int r, int c) {
            return data[r * cols + c];
        }

        public void set(int r, int c, double v) {
            data[r * cols + c] = v;
        }

        public double[] data() {
            return data;
        }
    }

    /** c = a x b, the library's way. */
    public static void mult(Matrix a, Matrix b, Matrix c) {
        for (int pass = 0; pass < 4; pass++) {
            for (int i = 0; i < a.rows(); i++) {
                for (int j = 0; j < b.cols(); j++) {
                    double s = 0;
                    for (int k = 0; k < a.cols(); k++) {
                        s += a.get(i, k) * b.get(k, j);
                    }
                    c.set(i, j, s);
                }
            }
        }
    }

    /** a^k mod 7 per entry (to keep the entries small): the library's own caller of {@link #mult}. */
    public static Matrix power(Matrix a, int k) {
        Matrix result = a;
        for (int step = 1; step < k; step++) {
            Dense next = new Dense(result.rows(), a.cols());
            mult(result, a, next);
            for (int i = 0; i < next.rows(); i++) {
                for (int j = 0; j < next.cols(); j++) {
                    next.set(i, j, next.get(i, j) % 7);
                }
            }
            result = next;
        }
        return result;
    }
}
