package dev.autotune4j.api;

/**
 * Teaches the answer check ({@link SameAnswer}) a type it cannot compare on its own: an application's result
 * class, or a buffer that lives outside the heap (the GPU's {@code DeviceTensor} is one, built in).
 *
 * <p>Register one for every op with {@code META-INF/services/dev.autotune4j.api.AnswerType} (found with
 * {@link java.util.ServiceLoader}), or for one op with {@code TuningConfig.Builder.answerType}. The first type
 * whose {@link #type()} the value is an instance of decides; the built-in rules come after the registered types.
 *
 * @param <T> the type compared
 */
public interface AnswerType<T> {

    /** The values this compares (and their subclasses): chosen by the expected value's class. */
    Class<T> type();

    /**
     * Null when {@code actual} is {@code expected}, else where and how they differ (shown in the statistics and the
     * report, so name the first differing element). {@code rules} carries the op's tolerances: apply them to the
     * parts, for example {@code rules.difference(expected.toHost(), actual.toHost())}.
     */
    String difference(T expected, T actual, SameAnswer rules);

    /**
     * A copy a run may write into without changing {@code value}: the check runs every candidate on its own copy of
     * the inputs, and an output argument must start from the same contents for each. Null when it cannot be copied
     * (then the value is shared by the runs, and as an output argument it is not compared).
     */
    default T copy(T value) {
        return null;
    }
}
