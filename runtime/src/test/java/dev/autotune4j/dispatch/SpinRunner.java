package dev.autotune4j.dispatch;

import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A test runner whose tactics spin for a known time, so the fastest is known in advance. Tactic values are
 * ints; the fallback spins for {@code fallbackMicros}. It records the shapes it saw and can crash on chosen
 * tactics.
 */
final class SpinRunner implements Runner {
    final String label;
    final Map<Integer, Integer> microsByTactic;
    final int fallbackMicros;
    final Set<Integer> crashing;
    final Set<String> seenShapes = ConcurrentHashMap.newKeySet();
    volatile Consumer<Object[]> onRun = x -> { };

    SpinRunner(String label, Map<Integer, Integer> microsByTactic, int fallbackMicros, Set<Integer> crashing) {
        this.label = label;
        this.microsByTactic = microsByTactic;
        this.fallbackMicros = fallbackMicros;
        this.crashing = crashing;
    }

    SpinRunner(String label, Map<Integer, Integer> microsByTactic, int fallbackMicros) {
        this(label, microsByTactic, fallbackMicros, Set.of());
    }

    @Override
    public List<?> validTactics(Object[] inputs, Profile profile) {
        return microsByTactic.keySet().stream().sorted().toList();
    }

    @Override
    public Object run(Object[] inputs, Object tactic) {
        onRun.accept(inputs);
        seenShapes.add(java.util.Arrays.deepToString(dev.autotune4j.profile.Shapes.shapes(inputs)));
        if (tactic == FALLBACK) {
            spin(fallbackMicros);
            return "fallback";
        }
        int t = (Integer) tactic;
        if (crashing.contains(t)) {
            throw new IllegalStateException("tactic " + t + " crashes");
        }
        spin(microsByTactic.get(t));
        return label + t;
    }

    @Override
    public String id() {
        return label;
    }

    static void spin(int micros) {
        long end = System.nanoTime() + micros * 1000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
