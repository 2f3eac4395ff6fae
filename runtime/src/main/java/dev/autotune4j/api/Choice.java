package dev.autotune4j.api;

/**
 * What the tuner chose for one call: a runner and the tactic to run it with. Choices are created once per
 * cached entry and reused, so returning one allocates nothing.
 */
public final class Choice {
    private final Runner runner;
    private final Object tactic;
    private final int runnerIndex;
    private final boolean fallback;

    public Choice(Runner runner, Object tactic, int runnerIndex, boolean fallback) {
        this.runner = runner;
        this.tactic = tactic;
        this.runnerIndex = runnerIndex;
        this.fallback = fallback;
    }

    public Runner runner() {
        return runner;
    }

    public Object tactic() {
        return tactic;
    }

    /** The runner's position in the op's runner list. */
    public int runnerIndex() {
        return runnerIndex;
    }

    /** True when this is the op's fallback (first runner, {@link Runner#FALLBACK}) rather than a tuned choice. */
    public boolean isFallback() {
        return fallback;
    }

    /** Runs the inputs with this choice. */
    public Object run(Object[] inputs) throws Exception {
        return runner.run(inputs, tactic);
    }

    @Override
    public String toString() {
        String id = runner.id();
        String name = id == null || id.isEmpty() ? runner.getClass().getSimpleName() : id;
        return name + "#" + runnerIndex + "/" + tactic + (fallback ? " (fallback)" : "");
    }
}
