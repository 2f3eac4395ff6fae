package dev.autotune4j.measure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.ToLongBiFunction;

/**
 * A Linux {@code /proc/thread-self/...} file, opened once per thread (the path names the thread that opens it) and
 * re-read from offset 0, a few microseconds. Where it cannot be opened (not Linux) every read is -1.
 */
final class ThreadProcFile {
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final ToLongBiFunction<byte[], Integer> parser;

    private ThreadProcFile(FileChannel channel, int bytes, ToLongBiFunction<byte[], Integer> parser) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(bytes);
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
            return new ThreadProcFile(FileChannel.open(file, StandardOpenOption.READ), bytes, parser);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return new ThreadProcFile(null, 0, parser);
        }
    }

    /** Whether the file could be opened (then reads fail only once it is gone). */
    boolean isOpen() {
        return channel != null;
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // a /proc file: nothing to flush
            }
        }
    }

    long read() {
        if (channel == null) {
            return -1;
        }
        try {
            buffer.clear();
            int n = channel.read(buffer, 0);
            return n <= 0 ? -1 : parser.applyAsLong(buffer.array(), n);
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
