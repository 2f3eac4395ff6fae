package dev.autotune4j.cache;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One (runner, tactic) timed for a profile, kept with the winning entry so that reports can show every
 * tactic's time and spread, and which ones failed.
 *
 * @param runnerIndex position of the runner in the op's runner list
 * @param runner      the runner's class part of a cache key
 * @param runnerId    the runner's id
 * @param tactic      the tactic's typed JSON (for display; a type the file cannot hold is its text)
 * @param nanos       median time of one call, NaN when it failed
 * @param spread      interquartile range over median
 * @param samples     number of samples
 * @param failure     why it failed, or null
 */
public record Trial(int runnerIndex, String runner, String runnerId, JsonNode tactic, double nanos, double spread, int samples, String failure) {
}
