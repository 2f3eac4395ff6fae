package dev.autotune4j.benchmarks;

import dev.autotune4j.api.ShapeReader;
import dev.autotune4j.api.ShapeReaders;
import dev.autotune4j.api.ShapedInput;

/** The input kinds the hot-path benchmarks cover, beside arrays and boxed numbers. */
final class BenchInputs {
    private BenchInputs() {
    }

    /** An application type that implements {@link ShapedInput}. */
    record Tensor(int rows, int cols, int first) implements ShapedInput {
        @Override
        public int rank() {
            return 2;
        }

        @Override
        public long dim(int index) {
            return index == 0 ? rows : cols;
        }

        @Override
        public ShapedInput withShape(long[] dims) {
            return new Tensor((int) dims[0], (int) dims[1], first);
        }
    }

    /** A type the application does not own (no autotune4j interface), read through a registered {@link ShapeReader}. */
    static final class ForeignMatrix {
        final int rows;
        final int cols;
        final int first;

        ForeignMatrix(int rows, int cols, int first) {
            this.rows = rows;
            this.cols = cols;
            this.first = first;
        }
    }

    static final class ForeignShape implements ShapeReader<ForeignMatrix> {
        @Override
        public int rank(ForeignMatrix m) {
            return 2;
        }

        @Override
        public long dim(ForeignMatrix m, int index) {
            return index == 0 ? m.rows : m.cols;
        }

        @Override
        public ForeignMatrix withShape(ForeignMatrix like, long[] dims) {
            return new ForeignMatrix((int) dims[0], (int) dims[1], like.first);
        }
    }

    static void registerReaders() {
        ShapeReaders.register(ForeignMatrix.class, new ForeignShape());
    }
}
