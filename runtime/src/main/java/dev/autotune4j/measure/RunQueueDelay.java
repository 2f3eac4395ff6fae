package dev.autotune4j.measure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How long the current thread has waited for a CPU while it was runnable, from Linux's
 * {@code /proc/thread-self/schedstat} (its second field, in nanoseconds). A sample taken while the tuner's thread
 * waited for a core (the service's requests had them) times the host's load, not the tactic: the profiler reads
 * this before and after each sample and takes the sample again when the wait was a noticeable part of it.
 *
 * <p>The file is opened once per thread (it names the thread that opens it) and re-read from offset 0, a few
 * microseconds. Where it does not exist (not Linux, schedstats off) {@link #nanos()} is -1 and nothing is retaken.
 */
final class RunQueueDelay {
    private static final Path FILE = Path.of("/proc/thread-self/schedstat");
    private static final ThreadLocal<Reader> READERS = ThreadLocal.withInitial(Reader::open);

    private RunQueueDelay() {
    }

    /** Nanoseconds this thread has spent runnable but not running, so far; -1 when unknown. */
    static long nanos() {
        return READERS.get().read();
    }

    private static final class Reader {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(128);

        private Reader(FileChannel channel) {
            this.channel = channel;
        }

        static Reader open() {
            try {
                return new Reader(FileChannel.open(FILE, StandardOpenOption.READ));
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return new Reader(null);
            }
        }

        long read() {
            if (channel == null) {
                return -1;
            }
            try {
                buffer.clear();
                int n = channel.read(buffer, 0);
                if (n <= 0) {
                    return -1;
                }
                return parseSecondField(buffer.array(), n);
            } catch (IOException e) {
                return -1;
            }
        }
    }

    /** The second space-separated number of {@code "<on cpu> <waiting> <timeslices>\n"}; -1 if malformed. */
    static long parseSecondField(byte[] text, int length) {
        int i = 0;
        while (i < length && text[i] != ' ') {
            i++;
        }
        i++;
        long value = 0;
        int digits = 0;
        for (; i < length && text[i] >= '0' && text[i] <= '9'; i++, digits++) {
            value = value * 10 + (text[i] - '0');
        }
        return digits == 0 ? -1 : value;
    }
}
