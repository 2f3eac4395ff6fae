package dev.autotune4j.measure;

import java.nio.file.Path;

/**
 * How long the current thread has waited for a CPU while it was runnable, from Linux's
 * {@code /proc/thread-self/schedstat} (its second field, in nanoseconds). A sample taken while the tuner's thread
 * waited for a core (the service's requests had them) times the host's load, not the tactic: the timer reads
 * this before and after each sample and takes the sample again when the wait was a noticeable part of it.
 *
 * <p>Read through {@link ThreadProcFile}; where it does not exist (not Linux, schedstats off) {@link #nanos()} is
 * -1 and nothing is retaken.
 */
final class RunQueueDelay {
    private static final Path FILE = Path.of("/proc/thread-self/schedstat");
    private static final ThreadLocal<ThreadProcFile> READERS =
            ThreadProcFile.perThread(FILE, 128, RunQueueDelay::parseSecondField);

    private RunQueueDelay() {
    }

    /** Nanoseconds this thread has spent runnable but not running, so far; -1 when unknown. */
    static long nanos() {
        return READERS.get().read();
    }

    /** The second space-separated number of {@code "<on cpu> <waiting> <timeslices>\n"}; -1 if malformed. */
    static long parseSecondField(byte[] text, int length) {
        int i = 0;
        while (i < length && text[i] != ' ') {
            i++;
        }
        return ThreadProcFile.numberAt(text, i + 1, length);
    }
}
