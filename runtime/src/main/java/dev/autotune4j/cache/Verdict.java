package dev.autotune4j.cache;

/**
 * The evidence behind an entry's choice: how much faster than the fallback the fastest candidate measured, with the
 * 99% interval of that speedup, and whether the winner rule let it replace the fallback (faster with confidence, by
 * at least the minimum gain, on settled code). Carried into the cache file and the report, so a speedup shown is
 * one the rule accepted.
 *
 * @param candidate the fastest candidate by median, {@code runner/tactic}
 * @param speedup   the fallback's median over the candidate's
 * @param low       the speedup's 99% interval, low end
 * @param high      the speedup's 99% interval, high end (infinite with fewer than 2 samples on a side)
 * @param accepted  whether the candidate replaced the fallback
 * @param reason    why it did or did not, for people
 */
public record Verdict(String candidate, double speedup, double low, double high, boolean accepted, String reason) {
}
