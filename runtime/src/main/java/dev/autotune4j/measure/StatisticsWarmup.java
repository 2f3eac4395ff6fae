package dev.autotune4j.measure;

import java.lang.invoke.MethodType;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Brings the tuner's own statistics ({@link Confidence}'s bootstrap, run after every round of samples) to top-tier
 * code once per JVM, before its first profile is timed. Otherwise a fresh JVM compiles them in the middle of its
 * first profiles: C2 then holds a core for 100-200 ms while tactics are timed, the rounds it spoils are dropped up
 * to a limit, and the rest are kept. Measured on the 2-core VM (accuracy harness, {@code threads} family, fresh JVMs,
 * JDK 17): the two-thread sum at 4M elements, whose second thread needs the core C2 held, was timed as slow as one
 * thread and the one-thread fallback kept in 13 JVMs of 52 ({@code -XX:+PrintCompilation} showed C2 compiling
 * {@code Confidence.ofMedians}, its sort and its random numbers throughout those profiles); warmed first, in 2 of
 * 50 (docs/benchmarks.md).
 *
 * <p>Warming stops when the code list ({@link TopTierCode}) shows top-tier code for the bootstrap's methods, after
 * {@link #MIN_CALLS} calls at least (a JVM whose code list cannot be read stops there) and {@link #MAX_NANOS} at
 * most (a JIT with a long queue, after an attach, may take longer; the tuner then goes on, as before). About
 * 250-350 ms at the start of a fresh JVM on the 2-core VM, on JDK 17 and 25; nothing later in the JVM.
 */
public final class StatisticsWarmup {
    /** Calls made at least: where the code list cannot be read, enough to leave the interpreter. */
    static final int MIN_CALLS = 50;
    /** Warming lasts this long at most. */
    static final long MAX_NANOS = 1_000_000_000L;
    /** Between looks at the code list (each about 1 ms per 500 compiled methods). */
    private static final long LOOK_NANOS = 10_000_000;
    /** The most samples a side has in the tuner (its sample cap), so that warming runs the sizes the tuner will. */
    private static final int MAX_SAMPLES = 40;

    /** What the warming that finished did; null until one has. */
    private static volatile Result done;
    private static double lastSink;

    private StatisticsWarmup() {
    }

    /** What warming did: calls made, time taken, and the methods still without top-tier code (normally none). */
    public record Result(int calls, long millis, List<String> cold) {
    }

    /**
     * Warms the statistics if no caller has yet in this JVM, and returns what it did; null when they were warm
     * already. An interrupt ends warming early (the thread stays interrupted, for its caller to stop; the next caller
     * warms again).
     */
    public static synchronized Result ensure() {
        if (done != null) {
            return null;
        }
        List<String> methods = methods();
        SplittableRandom random = new SplittableRandom(0x57A75L);
        long start = System.nanoTime();
        long nextLook = start;
        double sink = 0;
        int calls = 0;
        List<String> cold = methods;
        boolean finished = false;
        while (!Thread.currentThread().isInterrupted()) {
            int n = 2 + random.nextInt(MAX_SAMPLES - 1);
            int m = 2 + random.nextInt(MAX_SAMPLES - 1);
            double[] a = samples(random, n);
            double[] b = samples(random, m);
            sink += Confidence.ofMedians(a, n, b, m).low();
            calls++;
            long now = System.nanoTime();
            if (calls >= MIN_CALLS && now >= nextLook) {
                cold = List.copyOf(TopTierCode.without(methods));
                if (cold.isEmpty() || now - start >= MAX_NANOS) {
                    finished = true;
                    break;
                }
                nextLook = now + LOOK_NANOS;
            }
        }
        lastSink = sink;   // the results are used, so the calls cannot be left out
        Result result = new Result(calls, (System.nanoTime() - start) / 1_000_000, cold);
        if (finished) {
            done = result;
        }
        return result;
    }

    /** What the JVM's warming did, once it has finished; null before. */
    static Result done() {
        return done;
    }

    /** The bootstrap's methods, named as the code list names them. */
    static List<String> methods() {
        String confidence = Confidence.class.getName();
        return List.of(
                confidence + ".ofMedians" + MethodType.methodType(Confidence.Ratio.class, double[].class, int.class,
                        double[].class, int.class).toMethodDescriptorString(),
                confidence + ".median" + MethodType.methodType(double.class, double[].class).toMethodDescriptorString());
    }

    /** Times like a tactic's: about 1, a few percent apart. */
    private static double[] samples(SplittableRandom random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1 + 0.05 * random.nextDouble();
        }
        return x;
    }
}
