package dev.autotune4j.dispatch;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The processes that tune together: the ranks of a multi-process job, or the replicas of a service. The tuner uses
 * it to share each profile's result by the op's {@link dev.autotune4j.api.DistributedStrategy}; what carries the
 * results is the implementation's business (autotune4j-distributed: a Hazelcast cluster).
 *
 * <p>Two operations are enough for the four strategies: a rank publishes its result for a key, and collects what
 * other ranks published for it, waiting at most a timeout. Why no barrier: a rank that died or never tunes the
 * profile must not hold the others, so every wait is bounded and a missing rank is just absent from the answer.
 */
public interface TuningGroup extends AutoCloseable {

    /** This process's rank: 0 to {@link #size()} - 1. */
    int rank();

    /** How many ranks the group has. */
    int size();

    /** Publishes this rank's result for {@code key}; an empty array stands for "none" (every tactic failed here). */
    void publish(String key, byte[] result);

    /**
     * What {@code ranks} published for {@code key}, waiting until all have or {@code timeout} has passed; a rank that
     * had not published by then is absent from the map.
     */
    Map<Integer, byte[]> collect(String key, Collection<Integer> ranks, Duration timeout) throws InterruptedException;

    /** Leaves the group. */
    @Override
    void close();

    /**
     * Found with {@link java.util.ServiceLoader} when {@code autotune4j.group} is set, so the runtime does not carry
     * the engine: an application that wants groups adds the module that provides one.
     */
    interface Provider {
        /** Joins the group the settings name ({@code lookup} gives a setting's value or null); errors name the setting. */
        TuningGroup join(UnaryOperator<String> lookup);
    }
}
