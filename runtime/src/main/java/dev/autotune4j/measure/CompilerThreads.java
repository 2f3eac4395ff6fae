package dev.autotune4j.measure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How long HotSpot's compiler threads have run, in nanoseconds, from Linux's {@code /proc/self/task/TID/schedstat}
 * of each thread named {@code C1 CompilerThre...} or {@code C2 CompilerThre...}. The compilation MXBean's total only
 * moves when a compile ends; this moves while one is running, which matters twice: code in transition is being
 * measured, and on a small host the compiler holds a core that the tactic (or its second thread) needed.
 *
 * <p>HotSpot starts and stops compiler threads as its queue grows and shrinks, so the list is read again when it is
 * older than {@link #RESCAN_NANOS}; a thread that ended takes its time with it, so callers look for a change, not a
 * rise. Where the files do not exist (not Linux, schedstats off) {@link #cpuNanos()} is -1.
 */
final class CompilerThreads {
    /** The list of compiler threads is this fresh at most: reading it takes a fraction of a millisecond. */
    private static final long RESCAN_NANOS = 100_000_000;
    private static final Path TASKS = Path.of("/proc/self/task");

    /** The schedstat of each compiler thread, by thread id. */
    private static final Map<String, ThreadProcFile> FILES = new HashMap<>();
    private static long scannedAt = System.nanoTime() - 2 * RESCAN_NANOS;
    private static boolean unavailable;

    private CompilerThreads() {
    }

    /** Nanoseconds the compiler threads now alive have spent on a CPU; -1 when unknown. */
    static synchronized long cpuNanos() {
        if (unavailable) {
            return -1;
        }
        if (System.nanoTime() - scannedAt > RESCAN_NANOS && !rescan()) {
            unavailable = true;
            return -1;
        }
        long total = 0;
        for (ThreadProcFile file : FILES.values()) {
            total += Math.max(0, file.read());   // -1: the thread ended since the last scan, its time gone with it
        }
        return total;
    }

    /** Opens the schedstat of every compiler thread not yet open, closes those of ended ones; false if impossible. */
    private static boolean rescan() {
        scannedAt = System.nanoTime();
        Map<String, ThreadProcFile> alive = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                ThreadProcFile open = FILES.remove(tid);
                if (open != null) {
                    alive.put(tid, open);
                    continue;
                }
                String name = readName(task);
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ThreadProcFile file = ThreadProcFile.open(task.resolve("schedstat"), 128, CompilerThreads::onCpu);
                    if (!file.isOpen()) {
                        throw new IOException("cannot read " + task.resolve("schedstat"));
                    }
                    alive.put(tid, file);
                }
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            closeAll(alive);
            return false;
        } finally {
            closeAll(FILES);   // the threads that ended (all of them, when the list could not be read)
        }
        FILES.putAll(alive);
        return true;
    }

    /** The first field of {@code "<on cpu> <waiting> <timeslices>\n"}: nanoseconds on a CPU; -1 if malformed. */
    private static long onCpu(byte[] text, int length) {
        return ThreadProcFile.numberAt(text, 0, length);
    }

    private static void closeAll(Map<String, ThreadProcFile> files) {
        files.values().forEach(ThreadProcFile::close);
        files.clear();
    }

    private static String readName(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException | RuntimeException e) {
            return "";   // a thread that ended while the list was read
        }
    }
}
