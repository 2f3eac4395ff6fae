package dev.autotune4j.testapp;

import dev.autotune4j.dispatch.AutoTuner;

import java.util.Arrays;

/**
 * Record untuned, tune before the call (issue 11), in a child JVM: calls {@link ScaleApp#work} once with the first
 * size, waits until the background tuner is idle, then calls each other size once. Prints {@code size result} per
 * call: 800 per element is the body (a miss), 100 the tuned choice. Usage: {@code PretuneApp first other...}.
 */
public final class PretuneApp {
    private PretuneApp() {
    }

    public static void main(String[] args) throws Exception {
        call(Integer.parseInt(args[0]));
        // under background tuning the call site links off the caller's thread: until then calls run the body uncounted
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (AutoTuner.get().statistics().op("scale").map(o -> o.misses()).orElse(0L) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("op 'scale' was not dispatched in 60 s");
            }
            ScaleApp.work(new float[Integer.parseInt(args[0])]);
            Thread.sleep(10);
        }
        if (!AutoTuner.get().background().awaitIdle(60_000)) {
            throw new IllegalStateException("the background tuner did not finish in 60 s");
        }
        for (int a = 1; a < args.length; a++) {
            call(Integer.parseInt(args[a]));
        }
    }

    private static void call(int size) {
        float[] data = new float[size];
        Arrays.fill(data, 1f);
        System.out.println(size + " " + (long) ScaleApp.work(data) / size * 100);
    }
}
