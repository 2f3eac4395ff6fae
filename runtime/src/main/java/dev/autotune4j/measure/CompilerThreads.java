package dev.autotune4j.measure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    private static final Map<String, FileChannel> CHANNELS = new HashMap<>();
    private static final ByteBuffer BUFFER = ByteBuffer.allocate(128);
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
        for (FileChannel channel : CHANNELS.values()) {
            try {
                BUFFER.clear();
                int n = channel.read(BUFFER, 0);
                long onCpu = n <= 0 ? -1 : ThreadProcFile.numberAt(BUFFER.array(), 0, n);
                total += Math.max(0, onCpu);
            } catch (IOException e) {
                // the thread ended since the last scan: its time is gone with it
            }
        }
        return total;
    }

    /** Opens the schedstat of every compiler thread not yet open, closes those of ended ones; false if impossible. */
    private static boolean rescan() {
        scannedAt = System.nanoTime();
        Map<String, FileChannel> alive = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                FileChannel open = CHANNELS.remove(tid);
                if (open != null) {
                    alive.put(tid, open);
                    continue;
                }
                String name = readName(task);
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    alive.put(tid, FileChannel.open(task.resolve("schedstat"), StandardOpenOption.READ));
                }
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            closeAll(alive);
            return false;
        } finally {
            closeAll(CHANNELS);   // the threads that ended (all of them, when the list could not be read)
        }
        CHANNELS.putAll(alive);
        return true;
    }

    private static void closeAll(Map<String, FileChannel> channels) {
        for (FileChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // a /proc file: nothing to flush
            }
        }
        channels.clear();
    }

    private static String readName(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException | RuntimeException e) {
            return "";   // a thread that ended while the list was read
        }
    }
}
