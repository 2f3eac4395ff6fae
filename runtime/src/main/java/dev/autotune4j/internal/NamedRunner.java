package dev.autotune4j.internal;

/**
 * Implemented by runners that stand for something other than their own class (a candidate method of an
 * application class), so that the cache key names that instead of a generic runner class.
 */
public interface NamedRunner {
    String runnerClassName();
}
