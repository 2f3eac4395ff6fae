package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.profile.ShapeKey;

/**
 * What one shape of an op resolves to: an entry of the op's lookup table, immutable, so a reader that got one
 * sees all of it. A call site holds no table of its own: it probes the op's ({@link TunableOp#probe}), compares
 * {@link #key()} with its arguments in its own specialized way, and lets {@link TunableOp#decide} rule.
 */
public final class Route {
    /** A hit: run {@link #choice()}. */
    static final byte HIT = 0;
    /** A replay miss recorded: run the fallback, count a miss and a call of the untuned profile (in tune mode, go tune it). */
    static final byte MISS = 1;
    /** Inputs that cannot be keyed as the op declares: the fallback, counted as a miss. */
    static final byte UNKEYABLE = 2;
    /** The mode is off: the fallback, not counted. A sentinel with no key: it matches any call. */
    static final byte OFF = 3;
    /** Queued for the background tuner: the fallback, counted as a miss and as one more call of the request. */
    static final byte QUEUED = 4;

    final ShapeKey key;
    /** {@link ShapeKey#arrays()} of the key, held here to save the matchers one indirection. */
    final long[][] arrays;
    final long hash;
    final Choice choice;
    final int number;
    final byte kind;
    /**
     * For {@link #QUEUED} and {@link #MISS}: the calls of the waiting profile, counted so that the most-called is
     * tuned first (the background tuner's request, or the untuned profile the cache file lists); else null.
     */
    final java.util.concurrent.atomic.AtomicLong calls;

    Route(ShapeKey key, Choice choice, int number, byte kind) {
        this(key, choice, number, kind, null);
    }

    Route(ShapeKey key, Choice choice, int number, byte kind, java.util.concurrent.atomic.AtomicLong calls) {
        this.key = key;
        this.arrays = key == null ? null : key.arrays();
        this.hash = key == null ? 0 : key.hash64();
        this.choice = choice;
        this.number = number;
        this.kind = kind;
        this.calls = calls;
    }

    /** The shape this entry is for; null for a sentinel that stands for every shape. */
    ShapeKey key() {
        return key;
    }

    public Choice choice() {
        return choice;
    }

    /** The choice's number in its op ({@link TunableOp#choices()}); 0 is the fallback. */
    public int number() {
        return number;
    }

    @Override
    public String toString() {
        return "Route[" + key + " -> " + number + " " + choice + ", kind " + kind + "]";
    }
}
