package dev.autotune4j.testapp;

/**
 * Stands for a third-party class: no annotations, and the application cannot change it. {@link #sum} is a
 * static method, {@link #scaled} an instance method; both make 8 passes (the result is length x 8 for an array
 * of ones), so a tuned candidate that makes one pass is visible in the result.
 */
public final class VendorMath {
    private final int factor;

    public VendorMath(int factor) {
        this.factor = factor;
    }

    public static double sum(float[] v) {
        return ScaleApp.passes(v, 8);
    }

    public double scaled(float[] v) {
        return factor * ScaleApp.passes(v, 8);
    }

    /** What the tuned candidates call: one pass. */
    public static double onePass(float[] v) {
        return ScaleApp.passes(v, 1);
    }
}
