package dev.autotune4j.benchmarks.accuracy;

import java.util.List;

/**
 * A family of tactics with a known shape of ordering, for the accuracy harness (issue 12): the tuner's picks are
 * scored against JMH's on these. Tactic 0 is the family's fallback. Each tactic is its own method, so the JIT
 * compiles each on its own, as an application's overloads are.
 */
enum Family {
    /**
     * Matrix multiply into the caller's output: naive i-j-k, i-k-j (streams rows: C2 vectorizes its inner loop), and
     * i-j-k on a transposed copy of b (the copy costs n x n, the strided reads it saves n x n x n). At 4 x 4 i-j-k
     * leads, the others' set-up costing more than they save; from 8 x 8 on i-k-j leads, and the transposed copy
     * passes i-j-k.
     */
    LOOPS(List.of(4, 8, 64, 192), List.of("ijk", "ikj", "transposed")),
    /** Sum of an array: one thread, or split over two threads; threads lose at small sizes and win at large ones. */
    THREADS(List.of(1_000, 100_000, 4_000_000), List.of("one", "two")),
    /** Six copies of one loop, each its own method: no tactic is faster, so any reported gain is noise. */
    IDENTICAL(List.of(20_000), List.of("copy0", "copy1", "copy2", "copy3", "copy4", "copy5"));

    final List<Integer> sizes;
    final List<String> tactics;

    Family(List<Integer> sizes, List<String> tactics) {
        this.sizes = sizes;
        this.tactics = tactics;
    }

    /** The inputs of one size; for {@link #LOOPS}: a, b, the output c and the workspace of the transposed copy. */
    Object[] inputs(int size) {
        if (this == LOOPS) {
            float[][] a = new float[size][size];
            float[][] b = new float[size][size];
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    a[i][j] = (i * 31 + j) % 7;
                    b[i][j] = (i + j * 17) % 5;
                }
            }
            return new Object[] {a, b, new float[size][size], new float[size][size]};
        }
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (i % 13) * 0.5f;
        }
        return new Object[] {x};
    }

    /** Runs tactic {@code index} of this family on {@code inputs}. */
    Object run(int index, Object[] inputs) {
        switch (this) {
            case LOOPS -> {
                float[][] a = (float[][]) inputs[0];
                float[][] b = (float[][]) inputs[1];
                float[][] c = (float[][]) inputs[2];
                return index == 0 ? Kernels.ijk(a, b, c) : index == 1 ? Kernels.ikj(a, b, c)
                        : Kernels.transposed(a, b, c, (float[][]) inputs[3]);
            }
            case THREADS -> {
                float[] x = (float[]) inputs[0];
                return index == 0 ? Kernels.sum(x, 0, x.length) : Kernels.sumTwoThreads(x);
            }
            default -> {
                float[] x = (float[]) inputs[0];
                return switch (index) {
                    case 0 -> Kernels.copy0(x);
                    case 1 -> Kernels.copy1(x);
                    case 2 -> Kernels.copy2(x);
                    case 3 -> Kernels.copy3(x);
                    case 4 -> Kernels.copy4(x);
                    default -> Kernels.copy5(x);
                };
            }
        }
    }
}
