package dev.autotune4j.dispatch;

import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.internal.Log;
import dev.autotune4j.internal.LogOnce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A tuner's ops by name, each name with the (runners, config) bindings it was called with, and each name's
 * statistics. Binding is the rare path (once per call site or runner list); finding a bound op by identity is what
 * {@link AutoTuner#chooseOne} does on every call, without allocating.
 */
final class OpRegistry {
    private static final Log LOG = Log.get(OpRegistry.class);
    /** More bindings than this per name are a caller building its runner list or config per call: the oldest go. */
    static final int MAX_BINDINGS = 64;

    private final ConcurrentHashMap<String, TunableOp[]> ops = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, OpStats> stats = new ConcurrentHashMap<>();

    /** The op already bound to exactly these instances, or null: no allocation, no lock. */
    TunableOp find(String name, List<? extends Runner> runners, TuningConfig config) {
        TunableOp[] bound = ops.get(name);
        if (bound != null) {
            for (TunableOp b : bound) {
                if (b.lastRunners == runners && b.config == config) {
                    return b;
                }
            }
        }
        return null;
    }

    /** See {@link AutoTuner#op}: the same name, runners (by class and id) and config instance give the same op. */
    TunableOp bind(AutoTuner tuner, String name, List<? extends Runner> runners, TuningConfig config, LogOnce logOnce) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an op needs a non-blank name");
        }
        if (runners == null || runners.isEmpty()) {
            throw new IllegalArgumentException("op '" + name + "' needs at least one runner (the first is the fallback)");
        }
        if (config == null) {
            throw new IllegalArgumentException("op '" + name + "' needs a TuningConfig (TuningConfig.defaults() for none)");
        }
        String[] ids = RunnerIdentity.ids(name, runners);
        synchronized (ops) {
            TunableOp[] bound = ops.getOrDefault(name, new TunableOp[0]);
            for (TunableOp b : bound) {
                if (b.config == config && RunnerIdentity.same(b, runners, ids)) {
                    b.lastRunners = runners;
                    return b;
                }
            }
            RunnerIdentity.warnOfLookAlikes(name, bound, runners, ids, logOnce);
            OpStats s = stats.computeIfAbsent(name, OpStats::new);
            TunableOp created = new TunableOp(tuner, name, runners, ids, config, s);
            TunableOp[] grown = Arrays.copyOf(bound, bound.length + 1);
            grown[bound.length] = created;
            if (grown.length > MAX_BINDINGS) {
                if (logOnce.first(name + "#bindings")) {
                    LOG.warn("autotune4j: op '{}' was bound to more than {} runner lists or configs; create the "
                            + "TuningConfig and runners once and reuse them", name, MAX_BINDINGS);
                }
                grown = Arrays.copyOfRange(grown, grown.length - MAX_BINDINGS, grown.length);
            }
            ops.put(name, grown);
            return created;
        }
    }

    void forEach(Consumer<TunableOp> action) {
        for (TunableOp[] named : ops.values()) {
            for (TunableOp op : named) {
                action.accept(op);
            }
        }
    }

    int count() {
        int n = 0;
        for (TunableOp[] named : ops.values()) {
            n += named.length;
        }
        return n;
    }

    Statistics statistics() {
        List<OpStatistics> list = new ArrayList<>();
        stats.values().stream().sorted(Comparator.comparing(s -> s.op)).forEach(s -> list.add(s.snapshot()));
        return new Statistics(list);
    }

    void resetStatistics() {
        stats.values().forEach(OpStats::reset);
    }
}
