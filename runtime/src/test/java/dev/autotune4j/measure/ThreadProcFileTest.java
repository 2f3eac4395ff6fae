package dev.autotune4j.measure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A proc-file reader survives an interrupt of the thread reading it. The tuner's threads are interrupted (a hung
 * tactic's timer thread cancelled, a tuning pass stopped); an interruptible channel closes itself for good when its
 * reader is interrupted, after which the compiler threads' time read 0 for the rest of the JVM (a flaky
 * {@code CompilerThreadsTest}, and compile rounds no longer dropped).
 */
class ThreadProcFileTest {

    @Test
    void readsTheSameBeforeDuringAndAfterAnInterrupt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("schedstat"), "123456 789 10\n");
        ThreadProcFile reader = ThreadProcFile.open(file, 128, (text, length) -> ThreadProcFile.numberAt(text, 0, length));
        assertEquals(123456, reader.read());
        Thread.currentThread().interrupt();
        try {
            assertEquals(123456, reader.read(), "read while the thread is interrupted");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is left for the thread's owner");
        } finally {
            Thread.interrupted();
        }
        assertEquals(123456, reader.read(), "read after the interrupt");
        Files.writeString(file, "42 0 0\n");
        assertEquals(42, reader.read(), "re-read from the start each time");
        reader.close();
    }
}
