package dev.autotune4j.measure;

import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code autotune4j.contention=retake}: a sample during which the timing thread waited for a CPU is taken again.
 * The host is made busy for real: more spinning threads than cores.
 */
class ContentionTest {

    @Test
    void theWaitIsTheSecondFieldOfSchedstat() {
        byte[] text = "123456 7890 12\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(7890, RunQueueDelay.parseSecondField(text, text.length));
        byte[] broken = "123456\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, RunQueueDelay.parseSecondField(broken, broken.length));
    }

    @Test
    void theSettingTakesRetakeOrOffAndNothingElse() {
        assertTrue(TimingSettings.fromLookup(k -> k.equals("autotune4j.contention") ? "retake" : null).retakeContended());
        assertTrue(!TimingSettings.fromLookup(k -> null).retakeContended(), "off by default");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimingSettings.fromLookup(k -> k.equals("autotune4j.contention") ? "sometimes" : null));
        assertTrue(e.getMessage().contains("retake or off"), e.getMessage());
    }

    @Test
    void onABusyHostSpoiledSamplesAreTakenAgainOnlyWhenAskedFor() throws Exception {
        assumeTrue(Contention.measurable(), "no /proc/thread-self/schedstat (not Linux)");
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors() + 1; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            });
            t.setDaemon(true);
            t.start();
            spinners.add(t);
        }
        try {
            TimingSettings quick = TimingSettings.quick().withMinSampleTime(java.time.Duration.ofMillis(5));
            long before = Contention.retakenSamples();
            new CpuTimer(quick).measure(new CpuTimerTest.SumRunner(), new Object[] {new float[20_000]}, 1,
                    TuningConfig.defaults());
            assertEquals(before, Contention.retakenSamples(), "off: every sample is kept");
            new CpuTimer(quick.withRetakeContended(true)).measure(new CpuTimerTest.SumRunner(),
                    new Object[] {new float[20_000]}, 1, TuningConfig.defaults());
            assertTrue(Contention.retakenSamples() > before, "with more spinning threads than cores the timing thread "
                    + "waits for a CPU during a 5 ms sample; retake takes such samples again");
        } finally {
            stop.set(true);
            for (Thread t : spinners) {
                t.join();
            }
        }
    }
}
