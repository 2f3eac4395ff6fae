package dev.autotune4j.dispatch;

import dev.autotune4j.api.DistributedStrategy;
import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.EntryCodec;
import dev.autotune4j.internal.Log;
import dev.autotune4j.profile.ShapeKey;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One tuner's side of its group (the reference's semantics, per profile): who times what, and which result every
 * rank keeps. A rank that does not answer within the timeout is not waited for again: this process tunes
 * {@link DistributedStrategy#INDEPENDENT}ly from then on, with a warning naming the rank; a profile whose share was
 * lost is timed again here in full.
 */
final class GroupExchange {
    private static final Log LOG = Log.get(GroupExchange.class);

    private final TuningGroup group;
    private final DistributedStrategy defaultStrategy;
    private final Duration timeout;
    /** Set once a rank did not answer in time: then every op is tuned here alone. */
    private volatile boolean alone;

    GroupExchange(TuningGroup group, DistributedStrategy defaultStrategy, Duration timeout) {
        this.group = group;
        this.defaultStrategy = defaultStrategy;
        this.timeout = timeout;
    }

    int rank() {
        return group.rank();
    }

    int size() {
        return group.size();
    }

    /** The op's strategy here: INDEPENDENT once a rank was lost. */
    DistributedStrategy strategy(TunableOp op) {
        if (alone) {
            return DistributedStrategy.INDEPENDENT;
        }
        return op.config.distributed() != null ? op.config.distributed() : defaultStrategy;
    }

    /** Whether this rank times candidate {@code index} (0 is the fallback, which every rank times: the rule's baseline). */
    boolean timesCandidate(TunableOp op, int index) {
        return strategy(op) != DistributedStrategy.PARALLEL || index == 0 || (index - 1) % size() == rank();
    }

    /**
     * BROADCAST on a rank other than 0: rank 0's result for the profile, or null when this rank must tune it itself
     * (rank 0 had none, or did not answer in time).
     */
    CacheEntry receive(TunableOp op, ShapeKey key) throws InterruptedException {
        Map<Integer, byte[]> got = group.collect(exchangeKey(op, key), List.of(0), timeout);
        if (!got.containsKey(0)) {
            lost(op, List.of(0));
            return null;
        }
        return decode(op, 0, got.get(0));
    }

    /**
     * After this rank timed the profile: publishes its result and, for MERGE and PARALLEL, returns the fastest over
     * every rank that answered (ties to the lowest rank, so every rank keeps the same); null when no rank had one.
     */
    CacheEntry settle(TunableOp op, ShapeKey key, CacheEntry local) throws InterruptedException {
        DistributedStrategy strategy = strategy(op);
        String exchangeKey = exchangeKey(op, key);
        group.publish(exchangeKey, local == null ? new byte[0] : EntryCodec.encode(local));
        if (strategy == DistributedStrategy.BROADCAST) {
            return local;
        }
        List<Integer> ranks = IntStream.range(0, size()).boxed().toList();
        Map<Integer, byte[]> got = group.collect(exchangeKey, ranks, timeout);
        if (got.size() < ranks.size()) {
            lost(op, ranks.stream().filter(r -> !got.containsKey(r)).toList());
        }
        CacheEntry best = null;
        for (int r : ranks) {
            CacheEntry e = r == rank() ? local : decode(op, r, got.get(r));
            if (e != null && (best == null || e.nanos() < best.nanos())) {
                best = e;
            }
        }
        return best;
    }

    /**
     * A rank's result, or null when it had none; a result this rank cannot read (another version of autotune4j, say)
     * counts as none, with a warning, rather than stopping the pass.
     */
    private CacheEntry decode(TunableOp op, int rank, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return EntryCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
            LOG.warn("autotune4j: rank {}'s result for op '{}' cannot be read here ({}); it is left out", rank, op.name,
                    e.getMessage());
            return null;
        }
    }

    /** Whether a rank was lost: the caller times again what the lost rank's share was. */
    boolean alone() {
        return alone;
    }

    private void lost(TunableOp op, List<Integer> ranks) {
        if (!alone) {
            alone = true;
            LOG.warn("autotune4j: rank(s) {} of the tuning group did not answer within {} ms (autotune4j.groupTimeoutMs) "
                    + "at op '{}': this rank ({}) tunes every op independently from now on", ranks, timeout.toMillis(),
                    op.name, rank());
        }
    }

    private static String exchangeKey(TunableOp op, ShapeKey key) {
        return op.name + "|" + key;
    }
}
