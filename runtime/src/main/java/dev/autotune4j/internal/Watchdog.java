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

/**
 * Runs tactic measurements on a profiler thread so that a hung tactic cannot hang the application: the
 * caller waits at most the timeout, then abandons the thread (it is a daemon) and starts a new one. Work
 * submitted from a profiler thread (an op tuned inside another op's tactic) runs inline.
 */
public final class Watchdog {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static ExecutorService executor = newExecutor();

    private Watchdog() {
    }

    /** Thrown when a task outlives its timeout. */
    public static final class HungException extends Exception {
        public HungException(String message) {
            super(message);
        }
    }

    public static boolean onProfilerThread() {
        return Thread.currentThread() instanceof ProfilerThread;
    }

    public static <T> T call(Callable<T> task, Duration timeout) throws Exception {
        if (onProfilerThread()) {
            return task.call();
        }
        ExecutorService current = executor();
        Future<T> future = current.submit(task);
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
            throw new HungException("still running after " + timeout.toMillis() + " ms; abandoned on thread "
                    + "and replaced (raise autotune4j.tacticTimeoutMs if it is just slow)");
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
            Thread t = new ProfilerThread(r, "autotune4j-profiler-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static final class ProfilerThread extends Thread {
        ProfilerThread(Runnable r, String name) {
            super(r, name);
        }
    }
}
