package dev.autotune4j.cache;

import dev.autotune4j.profile.ShapeKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Untuned} profiles of a tuner: what replay misses recorded here and what the loaded files listed, each
 * with its call counter. Bounded: past {@link #MAX} profiles new ones are not recorded (the calls still run the
 * fallback), so a service that sees endless new shapes cannot grow this without end.
 */
public final class UntunedProfiles {
    /** At most this many profiles are kept. */
    public static final int MAX = 10_000;

    /** An op's bucket: what an untuned profile is known by, here and when files are merged. */
    record Bucket(String op, ShapeKey profile) {
    }

    private final Map<Bucket, AtomicLong> calls = new ConcurrentHashMap<>();

    /**
     * The counter of this profile, created at 0 if it is new (then {@code created} is run, once), or null when the
     * bound is reached. The caller counts its own call.
     */
    public AtomicLong counter(String op, ShapeKey profile, Runnable created) {
        Bucket id = new Bucket(op, profile);
        AtomicLong c = calls.get(id);
        if (c != null || calls.size() >= MAX) {
            return c;
        }
        AtomicLong fresh = new AtomicLong();
        c = calls.putIfAbsent(id, fresh);
        if (c == null) {
            created.run();
            return fresh;
        }
        return c;
    }

    /** Adds what a file listed: a profile known here keeps the larger count (both may stem from one earlier run). */
    public void merge(Collection<Untuned> listed) {
        for (Untuned u : listed) {
            if (calls.size() >= MAX && !calls.containsKey(new Bucket(u.op(), u.profile()))) {
                continue;
            }
            calls.computeIfAbsent(new Bucket(u.op(), u.profile()), k -> new AtomicLong()).accumulateAndGet(u.calls(), Math::max);
        }
    }

    /** The profile is tuned now (or the cache was cleared): no longer listed. */
    public void remove(String op, ShapeKey profile) {
        calls.remove(new Bucket(op, profile));
    }

    public void clear() {
        calls.clear();
    }

    /** The untuned profiles of one op, most-called first. */
    public List<Untuned> of(String op) {
        List<Untuned> out = new ArrayList<>();
        calls.forEach((id, c) -> {
            if (id.op.equals(op)) {
                out.add(new Untuned(id.op, id.profile, c.get()));
            }
        });
        out.sort((a, b) -> Long.compare(b.calls(), a.calls()));
        return out;
    }

    /** Every untuned profile with its count now. */
    public List<Untuned> snapshot() {
        List<Untuned> out = new ArrayList<>(calls.size());
        calls.forEach((id, c) -> out.add(new Untuned(id.op, id.profile, c.get())));
        return out;
    }

    public int size() {
        return calls.size();
    }
}
