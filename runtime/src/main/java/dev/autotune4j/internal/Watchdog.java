package dev.autotune4j.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Runs tactic measurements on a timer thread so that a hung tactic cannot hang the application: the
 * caller waits at most the timeout, then abandons the thread (it is a daemon) and starts a new one. Work
 * submitted from a timer thread (an op tuned inside another op's tactic) runs inline.
 */
public final class Watchdog {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static ExecutorService executor = newExecutor();

    private Watchdog() {
    }

    /** Thrown when a task outlives its timeout; names the thread left running it. */
    public static final class HungException extends Exception {
        private final String thread;

        public HungException(String message, String thread) {
            super(message);
            this.thread = thread;
        }

        /** The name of the abandoned timer thread, still running the task. */
        public String thread() {
            return thread;
        }
    }

    public static boolean onTimerThread() {
        return Thread.currentThread() instanceof TimerThread;
    }

    public static <T> T call(Callable<T> task, Duration timeout) throws Exception {
        return call(task, timeout, () -> 0);
    }

    /**
     * Runs {@code task} on a timer thread and waits at most {@code timeout} plus {@code excused}: the time the task
     * spent so far on work that is not its own (another op tuned inside it), read again whenever the wait runs out.
     * Work that never ends must stay bounded, so the caller caps what it excuses.
     */
    public static <T> T call(Callable<T> task, Duration timeout, LongSupplier excused) throws Exception {
        if (onTimerThread()) {
            return task.call();
        }
        ExecutorService current = executor();
        AtomicReference<Thread> runner = new AtomicReference<>();
        Future<T> future = current.submit(() -> {
            runner.set(Thread.currentThread());
            return task.call();
        });
        long begin = System.nanoTime();
        try {
            while (true) {
                long left = begin + timeout.toNanos() + excused.getAsLong() - System.nanoTime();
                try {
                    return future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (left <= 0) {
                        throw e;   // else the excused time grew while it waited: wait on for that
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            abandon(current);
            Thread t = runner.get();
            String name = t == null ? "(not started)" : t.getName();
            long excusedMillis = excused.getAsLong() / 1_000_000;
            throw new HungException("still running after " + timeout.toMillis() + " ms" + (excusedMillis == 0 ? ""
                    : " (and " + excusedMillis + " ms tuning the ops it called, not counted)") + "; its thread " + name
                    + " was abandoned and replaced (raise autotune4j.tacticTimeoutMs if it is just slow)", name);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    private static synchronized ExecutorService executor() {
        return executor;
    }

    private static synchronized void abandon(ExecutorService hung) {
        if (executor == hung) {
            hung.shutdownNow();
            executor = newExecutor();
        }
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new TimerThread(r, "autotune4j-timer-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static final class TimerThread extends Thread {
        TimerThread(Runnable r, String name) {
            super(r, name);
        }
    }
}
