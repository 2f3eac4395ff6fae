package dev.autotune4j.measure;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.function.ToLongBiFunction;

/**
 * A Linux {@code /proc/thread-self/...} file, opened once per thread (the path names the thread that opens it) and
 * re-read from offset 0, a few microseconds. Where it cannot be opened (not Linux) every read is -1.
 *
 * <p>Read through {@link RandomAccessFile}, not a {@code FileChannel}: a channel closes itself for good when the
 * thread reading it is interrupted, and the tuner's threads are interrupted (a hung tactic's timer thread
 * cancelled, a pass stopped); the compiler threads' time, read through shared channels, then stayed 0 for the rest
 * of the JVM. Seeking and reading allocate nothing.
 */
final class ThreadProcFile {
    private final RandomAccessFile file;
    private final byte[] buffer;
    private final ToLongBiFunction<byte[], Integer> parser;

    private ThreadProcFile(RandomAccessFile file, int bytes, ToLongBiFunction<byte[], Integer> parser) {
        this.file = file;
        this.buffer = new byte[bytes];
        this.parser = parser;
    }

    /** One reader per thread of {@code file}, parsed by {@code parser} (text, length) to a number or -1. */
    static ThreadLocal<ThreadProcFile> perThread(Path file, int bytes, ToLongBiFunction<byte[], Integer> parser) {
        return ThreadLocal.withInitial(() -> open(file, bytes, parser));
    }

    /**
     * A reader of {@code file} (another thread's {@code /proc/self/task/TID/...} file too), for one thread at a time;
     * every read is -1 when it cannot be opened.
     */
    static ThreadProcFile open(Path file, int bytes, ToLongBiFunction<byte[], Integer> parser) {
        try {
            return new ThreadProcFile(new RandomAccessFile(file.toFile(), "r"), bytes, parser);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return new ThreadProcFile(null, 0, parser);
        }
    }

    /** Whether the file could be opened (then reads fail only once it is gone). */
    boolean isOpen() {
        return file != null;
    }

    void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // a /proc file: nothing to flush
            }
        }
    }

    long read() {
        if (file == null) {
            return -1;
        }
        try {
            file.seek(0);
            int n = file.read(buffer, 0, buffer.length);
            return n <= 0 ? -1 : parser.applyAsLong(buffer, n);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The decimal number that starts at {@code from} in {@code text}; -1 if there is none. */
    static long numberAt(byte[] text, int from, int length) {
        long value = 0;
        int digits = 0;
        for (int i = from; i < length && text[i] >= '0' && text[i] <= '9'; i++, digits++) {
            value = value * 10 + (text[i] - '0');
        }
        return digits == 0 ? -1 : value;
    }
}
