package dev.autotune4j.dispatch;

import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.internal.TacticMethod;
import dev.autotune4j.measure.TopTierCode;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A background profile is timed once its candidates' methods have top-tier code, not on a settled time alone
 * ({@link TopTierWait}); where the JIT does not get there within the wait, the verdict says so.
 */
class TopTierWaitTest {

    static long work(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += (i ^ n) * 3;
        }
        return s;
    }

    static long neverCompiled(long n) {
        return n;
    }

    private static String name(String method) {
        return TopTierWaitTest.class.getName() + "." + method
                + MethodType.methodType(long.class, long.class).toMethodDescriptorString();
    }

    /** Tactic 1 runs {@code work} 100 iterations, the fallback 400; it names {@code method} as its code. */
    private record Named(String method) implements Runner, TacticMethod {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(1);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            return work(tactic == FALLBACK ? 400 : 100);
        }

        @Override
        public String compiledName() {
            return method;
        }
    }

    private static TunedChoice tuneInTheBackground(String op, Runner runner) throws InterruptedException {
        AutoTuner tuner = Tuners.quickWithTimeout(Duration.ofSeconds(10));
        tuner.background().setEnabled(true);
        tuner.setMode(Mode.TUNE);
        tuner.chooseOne(op, List.of(runner), TuningConfig.defaults(), (Object) new float[4]);
        assertTrue(tuner.background().awaitIdle(60_000));
        return tuner.choices().stream().filter(c -> c.op().equals(op)).findFirst().orElseThrow();
    }

    @Test
    void aCandidateWhoseCodeNeverReachesTheTopTierIsTimedAfterABoundedWaitAndTheVerdictSaysSo() throws Exception {
        long start = System.nanoTime();
        TunedChoice choice = tuneInTheBackground("top-tier-never", new Named(name("neverCompiled")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(choice.reason().contains("timed before the JIT compiled [" + name("neverCompiled") + "] at its top "
                + "tier, not done within a wait of 2000 ms"), choice.reason());
        assertTrue(millis >= 2000 && millis < 30_000, "the wait is bounded: " + millis + " ms");
        assertTrue("1".equals(choice.tactic()), "still tuned, 4x apart: " + choice.reason());
    }

    static long neverCompiledEither(long n) {
        return n;
    }

    /** A method that outwaited one wait is not waited for again in this JVM: the next profile is timed at once. */
    @Test
    void aMethodThatOutwaitedOneWaitIsNotWaitedForAgain() throws Exception {
        String method = name("neverCompiledEither");
        long first = System.nanoTime();
        tuneInTheBackground("outwaited-1", new Named(method));
        long firstMillis = (System.nanoTime() - first) / 1_000_000;
        long second = System.nanoTime();
        TunedChoice again = tuneInTheBackground("outwaited-2", new Named(method));
        long secondMillis = (System.nanoTime() - second) / 1_000_000;
        assertTrue(firstMillis >= 2000 && secondMillis < firstMillis - 1000,
                "first " + firstMillis + " ms, then " + secondMillis + " ms");
        assertTrue(again.reason().contains("timed before the JIT compiled [" + method + "]"), again.reason());
    }

    @Test
    void aCandidateIsTimedOnceItsMethodHasTopTierCode() throws Exception {
        TunedChoice choice = tuneInTheBackground("top-tier-reached", new Named(name("work")));
        assertFalse(choice.reason().contains("timed before the JIT compiled"), choice.reason());
        assertTrue(TopTierCode.without(List.of(name("work"))).isEmpty());
        assertTrue("1".equals(choice.tactic()), choice.reason());
    }
}
