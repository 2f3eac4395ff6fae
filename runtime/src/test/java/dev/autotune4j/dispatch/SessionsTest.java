package dev.autotune4j.dispatch;

import dev.autotune4j.api.Mode;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tuning sessions are counted across threads (issue 9, item 1); a live mode change in between is kept. */
class SessionsTest {

    /** A opens, B opens, A closes, B closes: tune until the last close, then the mode from before the first. */
    @Test
    void sessionsOnTwoThreadsRestoreTheModeWhenTheLastCloses() throws Exception {
        AutoTuner tuner = Tuners.quick();
        tuner.setMode(Mode.OFF);
        ExecutorService a = Executors.newSingleThreadExecutor();
        ExecutorService b = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 20; round++) {
                TuningSession sa = a.submit(() -> tuner.tune()).get();
                TuningSession sb = b.submit(() -> tuner.tune()).get();
                assertEquals(2, tuner.openSessions());
                a.submit(sa::close).get();
                assertEquals(Mode.TUNE, tuner.mode(), "one session is still open");
                b.submit(sb::close).get();
                assertEquals(Mode.OFF, tuner.mode(), "round " + round);
                assertEquals(0, tuner.openSessions());
                sb.close();   // closing twice changes nothing
                assertEquals(Mode.OFF, tuner.mode());
            }
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
    }

    /** Many threads open and close sessions at once: the count never goes wrong and the mode comes back. */
    @Test
    void concurrentSessionsAlwaysRestore() throws Exception {
        AutoTuner tuner = Tuners.quick();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?>[] f = new Future<?>[4];
            for (int t = 0; t < f.length; t++) {
                f[t] = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2000; i++) {
                        try (TuningSession s = tuner.tune()) {
                            assertEquals(Mode.TUNE, tuner.mode());
                        }
                    }
                    return null;
                });
            }
            start.countDown();
            for (Future<?> x : f) {
                x.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, tuner.openSessions());
        assertEquals(Mode.REPLAY, tuner.mode());
    }

    /** An operator's change while sessions are open (JMX, attach) applies at once and is what the last close keeps. */
    @Test
    void aLiveChangeWhileSessionsAreOpenIsTheModeThatRemains() {
        AutoTuner tuner = Tuners.quick();
        TuningSession s1 = tuner.tune();
        TuningSession s2 = tuner.tune();
        tuner.setMode(Mode.OFF);
        assertEquals(Mode.OFF, tuner.mode(), "applied at once");
        s2.close();
        s1.close();
        assertEquals(Mode.OFF, tuner.mode(), "not undone by the sessions closing");
    }
}
