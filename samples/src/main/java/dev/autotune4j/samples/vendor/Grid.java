package dev.autotune4j.samples.vendor;

/**
 * Stands for a third-party library in {@link dev.autotune4j.samples.Sample06_ThirdPartyMethod}: a 2-D grid type
 * and a blur that its own {@link #blurTimes} calls. Nothing here knows autotune4j, and the application may not
 * change it.
 */
public final class Grid {
    private final int rows;
    private final int cols;
    private final float[] cells;

    public Grid(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.cells = new float[rows * cols];
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public float[] cells() {
        return cells;
    }

    /** Writes into {@code out} the 3x1 vertical average of {@code in}, one cell at a time through accessors. */
    public static void blur(Grid in, Grid out) {
        for (int c = 0; c < in.cols; c++) {
            for (int r = 0; r < in.rows; r++) {
                float up = in.get(Math.max(0, r - 1), c);
                float down = in.get(Math.min(in.rows - 1, r + 1), c);
                out.set(r, c, (up + in.get(r, c) + down) / 3f);
            }
        }
    }

    /** The library's own caller: blurs {@code times} times. */
    public static Grid blurTimes(Grid g, int times) {
        Grid a = g;
        for (int i = 0; i < times; i++) {
            Grid b = new Grid(g.rows, g.cols);
            blur(a, b);
            a = b;
        }
        return a;
    }

    public float get(int r, int c) {
        return cells[r * cols + c];
    }

    public void set(int r, int c, float v) {
        cells[r * cols + c] = v;
    }
}
