package dev.autotune4j.testapp;

import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A long-running application for the attach test: {@code threads} threads call {@link #sum} on arrays of
 * ones of sizes 256 to 2048 and check each result (it must equal the size). Every 100 ms it prints
 * {@code tick calls=N errors=E body=B passes2=P2 passes4=P4 fast=F slow=S maxUs=M}: which implementation served
 * the calls of that tick, and its slowest call. The body makes 8 passes, FAST 1, so tuning picks FAST or passes2.
 *
 * <p>Usage: {@code ServeApp threads seconds}.
 */
public final class ServeApp {
    public enum Speed { SLOW, FAST }

    static final String[] IMPLS = {"body", "passes2", "passes4", "fast", "slow"};
    static final AtomicLongArray SERVED = new AtomicLongArray(IMPLS.length);
    static final AtomicLong ERRORS = new AtomicLong();
    static final AtomicLong CALLS = new AtomicLong();
    static final AtomicLong MAX_NANOS = new AtomicLong();

    private ServeApp() {
    }

    @Tunable(op = "serve", dynamic = @Dynamic(arg = 0, dim = 0, buckets = {256, 512, 1024, 2048}))
    public static double sum(float[] data) {
        SERVED.incrementAndGet(0);
        return ScaleApp.passes(data, 8) / 8;
    }

    static double sum(float[] data, @Tactic(values = {2, 4}) int passes) {
        SERVED.incrementAndGet(passes == 2 ? 1 : 2);
        return ScaleApp.passes(data, passes) / passes;
    }

    static double sum(float[] data, @Tactic Speed speed) {
        SERVED.incrementAndGet(speed == Speed.FAST ? 3 : 4);
        int passes = speed == Speed.FAST ? 1 : 12;
        return ScaleApp.passes(data, passes) / passes;
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        System.out.println("ready pid=" + ProcessHandle.current().pid());
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread worker = new Thread(() -> {
                int i = seed;
                float[][] inputs = new float[4][];
                for (int k = 0; k < 4; k++) {
                    inputs[k] = new float[256 << k];
                    java.util.Arrays.fill(inputs[k], 1f);
                }
                while (System.nanoTime() < end) {
                    float[] data = inputs[i++ & 3];
                    long t0 = System.nanoTime();
                    if (sum(data) != data.length) {
                        ERRORS.incrementAndGet();
                    }
                    MAX_NANOS.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    CALLS.incrementAndGet();
                }
            }, "worker-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        while (System.nanoTime() < end) {
            Thread.sleep(100);
            StringBuilder line = new StringBuilder("tick calls=").append(CALLS.getAndSet(0))
                    .append(" errors=").append(ERRORS.get());
            for (int k = 0; k < IMPLS.length; k++) {
                line.append(' ').append(IMPLS[k]).append('=').append(SERVED.getAndSet(k, 0));
            }
            line.append(" maxUs=").append(MAX_NANOS.getAndSet(0) / 1000);
            System.out.println(line);
        }
        System.out.println("done errors=" + ERRORS.get());
    }
}
