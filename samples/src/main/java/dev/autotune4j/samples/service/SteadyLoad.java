package dev.autotune4j.samples.service;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Clients sending mixed batch sizes at a fixed rate until stopped ({@code rate} requests a second in all), so the
 * service has headroom, as a service in production does. A latency counts from the request's planned start, so a
 * client that falls behind (the service stalled) records the stall, not only the late request's own time.
 */
public final class SteadyLoad {
    /** The batch sizes the clients send, each as likely as the others. */
    static final int[] SIZES = {1, 2, 5, 8, 13, 24, 40, 64};

    /** Latencies (ms) of one phase, when each request was due (ms since {@code began}), and the failed ones. */
    public record Phase(String name, long began, double[] millis, double[] dueAt, long failed) {
        public int requests() {
            return millis.length;
        }

        public double p(double q) {
            return LoadDriver.percentile(millis, q);
        }

        public double max() {
            return Arrays.stream(millis).max().orElse(Double.NaN);
        }

        /** The {@code n} slowest requests as {@code latency at +due} (ms), in the order they were due. */
        String slowest(int n) {
            Integer[] order = new Integer[millis.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(millis[b], millis[a]));
            Integer[] top = Arrays.copyOf(order, Math.min(n, order.length));
            Arrays.sort(top, (a, b) -> Double.compare(dueAt[a], dueAt[b]));
            StringBuilder sb = new StringBuilder();
            for (Integer i : top) {
                sb.append(String.format(Locale.ROOT, " %.0f ms at +%.0f ms", millis[i], dueAt[i]));
            }
            return sb.toString().trim();
        }

        /** Appends {@code phase,atMs,latencyMs} rows, {@code atMs} since {@code origin} (a nanoTime), in due order. */
        void writeTimeline(Writer out, long origin) throws IOException {
            Integer[] order = new Integer[millis.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(dueAt[a], dueAt[b]));
            double offset = (began - origin) / 1e6;
            for (Integer i : order) {
                out.write(String.format(Locale.ROOT, "%s,%.1f,%.3f%n", name, offset + dueAt[i], millis[i]));
            }
        }
    }

    private final String name;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong failed = new AtomicLong();
    private final List<double[][]> perClient = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long began = System.nanoTime();

    /** Starts {@code clients} threads sending {@code rate} requests a second in all. */
    SteadyLoad(LoadDriver driver, int clients, int rate, String name) {
        this.name = name;
        long interval = 1_000_000_000L * clients / rate;
        for (int c = 0; c < clients; c++) {
            SplittableRandom random = new SplittableRandom(c);
            Thread t = new Thread(() -> send(driver, random, interval), "client-" + c);
            threads.add(t);
            t.start();
        }
    }

    /** Runs a phase of {@code seconds}. */
    static Phase run(LoadDriver driver, int clients, int rate, int seconds, String name) throws InterruptedException {
        SteadyLoad load = new SteadyLoad(driver, clients, rate, name);
        Thread.sleep(seconds * 1000L);
        return load.stop();
    }

    private void send(LoadDriver driver, SplittableRandom random, long interval) {
        double[] latency = new double[1 << 12];
        double[] due = new double[1 << 12];
        int count = 0;
        long next = System.nanoTime();
        while (!stop.get()) {
            int tokens = SIZES[random.nextInt(SIZES.length)];
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long t0 = next;
            next += interval;
            try {
                driver.get("/infer?tokens=" + tokens + "&seed=" + random.nextInt(1000));
                if (count == latency.length) {
                    latency = Arrays.copyOf(latency, 2 * count);
                    due = Arrays.copyOf(due, 2 * count);
                }
                due[count] = (t0 - began) / 1e6;
                latency[count++] = (System.nanoTime() - t0) / 1e6;
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
        synchronized (perClient) {
            perClient.add(new double[][] {Arrays.copyOf(latency, count), Arrays.copyOf(due, count)});
        }
    }

    /** Stops the clients and returns what they measured. */
    Phase stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double[] all = perClient.stream().flatMapToDouble(c -> Arrays.stream(c[0])).toArray();
        double[] due = perClient.stream().flatMapToDouble(c -> Arrays.stream(c[1])).toArray();
        return new Phase(name, began, all, due, failed.get());
    }
}
