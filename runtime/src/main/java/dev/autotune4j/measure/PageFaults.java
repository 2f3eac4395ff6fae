package dev.autotune4j.measure;

import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many minor page faults the current thread has taken, from Linux's {@code /proc/thread-self/stat} (its tenth
 * field, {@code minflt}). A young JVM's heap is reserved but not yet touched: the first time a tactic's allocations
 * reach a page of it, the kernel maps and zeroes that page on the allocating thread. Until the whole young
 * generation has been used once (and again after the collector grows it), a tactic that allocates runs up to five
 * times slower than it will for the rest of the process's life (measured: the service's layer norm on 32 x 64
 * took 22 us per call for the first 0.6 s of a fresh JVM, then 4.6 us, with the same compiled code throughout;
 * with {@code -XX:+AlwaysPreTouch}, 5 us from the start). Such time is the heap's first touch, not the tactic's:
 * the timer keeps warming while a tactic's rounds fault, and takes a faulting sample again.
 *
 * <p>Read through {@link ThreadProcFile}; where it does not exist (not Linux) {@link #minor()} is -1 and nothing
 * changes.
 */
final class PageFaults {
    private static final Path FILE = Path.of("/proc/thread-self/stat");
    private static final ThreadLocal<ThreadProcFile> READERS =
            ThreadProcFile.perThread(FILE, 1024, PageFaults::parseMinorFaults);
    private static final LongAdder RETAKEN = new LongAdder();

    private PageFaults() {
    }

    /** A measurement may take one fault per this much of its time without counting as spoiled. */
    static final long SPORADIC_INTERVAL_NANOS = 5_000_000;

    /**
     * Whether {@code faults} taken during {@code wallNanos} mean the measurement ran into first touches. A fault's
     * cost cannot be read, and it varies a hundredfold (a heap page on the 2-core VM about 8 us, a page of a private
     * file mapping 20-120 us, well under 1 us on bare metal), so the count decides: first touches come with what the
     * tactic allocates (90 in a 1 ms round of the fresh service's layer norm, 16 in each 2 ms call of the mapped-file
     * test), settled code takes only a few (4-21 in a whole 200 ms measurement of a sum that allocates nothing).
     * One fault per {@link #SPORADIC_INTERVAL_NANOS} is allowed: a single costly fault in a 100 us sample would
     * still move it by a tenth, so a short sample with any fault is taken again.
     */
    static boolean spoiled(long faults, double wallNanos) {
        return faults > wallNanos / SPORADIC_INTERVAL_NANOS;
    }

    /** Minor page faults of this thread so far; -1 when unknown. */
    static long minor() {
        return READERS.get().read();
    }

    static void retaken() {
        RETAKEN.increment();
    }

    /** Samples taken again, process-wide, because the heap's first touch (page faults) fell into them. */
    public static long retakenSamples() {
        return RETAKEN.sum();
    }

    /** Whether this platform tells a thread's page faults (Linux); without it nothing is retaken. */
    public static boolean measurable() {
        return minor() >= 0;
    }

    /**
     * The {@code minflt} field of {@code "pid (comm) state ppid pgrp session tty tpgid flags minflt ..."}: the
     * eighth number after the last {@code ')'} (a thread's name may hold spaces and parentheses); -1 if malformed.
     */
    static long parseMinorFaults(byte[] text, int length) {
        int i = length - 1;
        while (i >= 0 && text[i] != ')') {
            i--;
        }
        if (i < 0) {
            return -1;
        }
        i++;
        for (int field = 0; field < 8; field++) {   // " state ppid pgrp session tty tpgid flags " then minflt
            while (i < length && text[i] == ' ') {
                i++;
            }
            if (field == 7) {
                break;
            }
            while (i < length && text[i] != ' ') {
                i++;
            }
        }
        return ThreadProcFile.numberAt(text, i, length);
    }
}
