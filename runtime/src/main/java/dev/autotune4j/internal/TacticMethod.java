package dev.autotune4j.internal;

/**
 * Implemented by runners whose tactics each run one method of the application (a {@code @Tunable} method's body, a
 * candidate overload): so that a background timing can wait until that method has top-tier code
 * ({@code measure.TopTierCode}) instead of trusting a settled time alone. A runner of the API names no method: it
 * is timed on settled times, as before.
 */
public interface TacticMethod {
    /** The method as the JIT's code list names it: class name, a dot, method name and JVM descriptor. */
    String compiledName();
}
