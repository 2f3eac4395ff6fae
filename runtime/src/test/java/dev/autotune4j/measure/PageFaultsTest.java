package dev.autotune4j.measure;

import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.api.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The heap's first touch is not the tactic's time (see {@link PageFaults}). The fault is injected for real: a tactic
 * writes to the next pages of a private mapping of a sparse file, which the kernel backs with memory on first write
 * as it does a fresh JVM's young generation; after one pass over the mapping it writes to pages already there.
 */
class PageFaultsTest {
    private static final int PAGE = 4096;
    private static final int PAGES_PER_CALL = 16;

    @Test
    void minorFaultsAreTheEighthNumberAfterTheThreadsName() {
        byte[] text = "4242 (a (tricky) name) R 1 4242 4242 0 -1 4194304 777 0 3 0 5 6 0 0 20 0 1 0 99\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(777, PageFaults.parseMinorFaults(text, text.length));
        byte[] broken = "4242 (name) R 1 2\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, PageFaults.parseMinorFaults(broken, broken.length));
        byte[] noName = "4242 name R".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, PageFaults.parseMinorFaults(noName, noName.length));
    }

    @Test
    void aFewFaultsInALongMeasurementDoNotSpoilIt() {
        assertTrue(!PageFaults.spoiled(0, 1_000), "no fault");
        assertTrue(!PageFaults.spoiled(21, 200_000_000), "settled code still faults a little: 21 in 200 ms");
        assertTrue(!PageFaults.spoiled(1, 10_000_000), "1 in a 10 ms sample: sporadic");
        assertTrue(PageFaults.spoiled(1, 100_000), "1 in a 100 us sample: a costly fault would move it by a tenth");
        assertTrue(PageFaults.spoiled(90, 1_000_000), "the fresh heap's layer norm: 90 faults in a 1 ms round");
        assertTrue(PageFaults.spoiled(16, 1_900_000), "the mapped-file test: 16 costly faults in a 1.9 ms call");
    }

    @Test
    void thisThreadsFaultsAreCountedWhereLinuxTellsThem() throws IOException {
        assumeTrue(PageFaults.measurable(), "no /proc/thread-self/stat (not Linux)");
        try (PageToucher toucher = PageToucher.open(tempFile(), 8)) {
            long before = PageFaults.minor();
            toucher.touchNext();
            assertTrue(PageFaults.minor() - before >= PAGES_PER_CALL / 2,
                    "writing to 16 untouched pages of a mapping faults on this thread");
        }
    }

    /**
     * A tactic timed while its memory is first touched would be timed at the kernel's speed: warmed too briefly to
     * leave that state, its samples all fault (this is the fresh-JVM layer norm of the service sample, 5x slow).
     * The timer keeps warming while the rounds fault and takes a faulting sample again, so the time it reports is
     * the time once the pages are there, the same as the identical tactic on memory touched from the start.
     */
    @Test
    void aTacticIsNotTimedWhileItsMemoryIsFirstTouched() throws Exception {
        assumeTrue(PageFaults.measurable(), "no /proc/thread-self/stat (not Linux)");
        // A mapping whose first touch takes about 100 ms on this host (a page took 10-80 us on the 2-core VM): the
        // warmup alone (10 ms budget, 40 ms for the top-tier calls) touches part of it, the fault budget (200 ms of
        // warming, 200 ms of retakes) all of it.
        TimingSettings settings = TimingSettings.quick().withWarmup(1, Duration.ofMillis(10))
                .withBudgets(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(5));
        int megabytes = megabytesTouchedIn(100_000_000L);
        try (PageToucher fresh = PageToucher.open(tempFile(), megabytes);
             PageToucher touched = PageToucher.open(tempFile(), megabytes)) {
            touched.touchAll();
            long firstTouch = fresh.timeOneCall();
            long warmTouch = touched.timeOneCall();
            assumeTrue(firstTouch > 5 * Math.max(warmTouch, 1), "on this host first touch costs little ("
                    + firstTouch + " ns vs " + warmTouch + " ns): nothing to tell apart");

            // the touched twin first, so that the fresh one meets the writes' code compiled, as a JVM's tenth
            // profile does: what is compared is the memory, not the JIT
            Measurement measuredTouched = new CpuTimer(settings).measure(touched, new Object[0], 1, TuningConfig.defaults());
            Measurement measuredFresh = new CpuTimer(settings).measure(fresh, new Object[0], 1, TuningConfig.defaults());
            // sub-microsecond timings of 5 quick samples vary 2-6x run to run; a first-touched sample is ~700x
            assertTrue(measuredFresh.nanos() < 10 * measuredTouched.nanos() + 1000, "the same writes timed "
                    + measuredFresh.nanos() + " ns on first-touched memory vs " + measuredTouched.nanos()
                    + " ns on touched memory (one first-touch call took " + firstTouch + " ns; " + megabytes + " MB)");
            assertTrue(fresh.passes() >= 1, "warming went on until the mapping was touched once");
        }
    }

    @TempDir
    Path dir;

    /** How many megabytes of a fresh mapping this host first-touches in about {@code nanos} (1 to 128). */
    private int megabytesTouchedIn(long nanos) throws IOException {
        try (PageToucher probe = PageToucher.open(tempFile(), 1)) {
            long t0 = System.nanoTime();
            probe.touchAll();
            double perMegabyte = System.nanoTime() - t0;
            return (int) Math.max(1, Math.min(128, nanos / perMegabyte));
        }
    }

    private Path tempFile() throws IOException {
        return java.nio.file.Files.createTempFile(dir, "pages", ".bin");
    }

    /** Writes one byte to each of the next 16 pages of a private mapping per call, wrapping at its end. */
    static final class PageToucher implements Runner, AutoCloseable {
        private final RandomAccessFile file;
        private final MappedByteBuffer map;
        private int next;
        private int passes;

        private PageToucher(RandomAccessFile file, MappedByteBuffer map) {
            this.file = file;
            this.map = map;
        }

        static PageToucher open(Path path, int megabytes) throws IOException {
            RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
            file.setLength((long) megabytes << 20);   // sparse: no page exists until written
            // private: a write copies the page into this process's memory, as a fresh heap page is mapped; a shared
            // mapping would also fault again after the kernel writes dirty pages back to the file
            return new PageToucher(file, file.getChannel().map(FileChannel.MapMode.PRIVATE, 0, (long) megabytes << 20));
        }

        void touchNext() {
            for (int p = 0; p < PAGES_PER_CALL; p++) {
                map.put(next, (byte) (map.get(next) + 1));
                next += PAGE;
                if (next >= map.capacity()) {
                    next = 0;
                    passes++;
                }
            }
        }

        void touchAll() {
            int calls = map.capacity() / (PAGE * PAGES_PER_CALL);
            for (int c = 0; c < calls; c++) {
                touchNext();
            }
        }

        long timeOneCall() {
            long t0 = System.nanoTime();
            touchNext();
            return System.nanoTime() - t0;
        }

        int passes() {
            return passes;
        }

        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(1);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            touchNext();
            return next;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
