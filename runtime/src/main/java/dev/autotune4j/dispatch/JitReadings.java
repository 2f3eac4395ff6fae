package dev.autotune4j.dispatch;

import dev.autotune4j.measure.Jit;

/**
 * What a {@link Contest} reads of the JIT to tell samples of settled code from samples of code in transition: in a
 * JVM, {@link Jit}'s readings. An interface so that a test can have a compile end during a chosen round, which the
 * JIT itself cannot be made to do on cue.
 */
interface JitReadings {
    JitReadings JVM = new JitReadings() {
        @Override
        public long compileMillis() {
            return Jit.compileMillis();
        }

        @Override
        public long compilerCpuNanos() {
            return Jit.compilerCpuNanos();
        }

        @Override
        public boolean awaitQuiet(long quietMillis, long maxMillis) throws InterruptedException {
            return Jit.awaitQuiet(quietMillis, maxMillis);
        }
    };

    /** Total JIT compilation time so far, in ms (a change between two readings: a compile ended), or -1 if unknown. */
    long compileMillis();

    /** CPU time of the compiler threads, in ns (compare two readings for a change, not a rise), or -1 if unknown. */
    long compilerCpuNanos();

    /** Waits until no compile has ended for {@code quietMillis}, {@code maxMillis} at most; true when it went quiet. */
    boolean awaitQuiet(long quietMillis, long maxMillis) throws InterruptedException;

    /**
     * Before a timing that a JIT still compiling would spoil (a profile timed again, a background profile's first
     * timing, a second look): no compile ended for 50 ms, waiting 0.5 s at most. An interrupt stops the pass.
     */
    default void awaitQuietBeforeTiming() {
        try {
            awaitQuiet(50, 500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TuningInterruptedException();
        }
    }
}
