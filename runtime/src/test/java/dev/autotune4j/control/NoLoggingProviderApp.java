package dev.autotune4j.control;

import dev.autotune4j.dispatch.AutoTuner;

/** Starts the process-wide tuner with whatever settings the JVM was given, then exits. Runs in a child JVM. */
public final class NoLoggingProviderApp {
    private NoLoggingProviderApp() {
    }

    public static void main(String[] args) {
        System.out.println("mode=" + AutoTuner.get().mode());
    }
}
