package dev.autotune4j.measure;

/**
 * The time of one (runner, tactic) on one profile.
 *
 * @param nanos   median time of one call, in nanoseconds
 * @param spread  interquartile range of the samples divided by the median (0.05 = 5%)
 * @param samples number of timed samples the median is taken over
 */
public record Measurement(double nanos, double spread, int samples) {

    public static Measurement of(double[] perCallNanos, int count) {
        double[] sorted = java.util.Arrays.copyOf(perCallNanos, count);
        java.util.Arrays.sort(sorted);
        double median = quantile(sorted, 0.5);
        double iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
        return new Measurement(median, median > 0 ? iqr / median : 0, count);
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
