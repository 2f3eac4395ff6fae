package dev.autotune4j.samples.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends requests of mixed batch sizes to the service on loopback, a bounded number, from a few threads, and
 * collects each response's checksum and the client-side latency.
 */
public final class LoadDriver {
    private static final Pattern CHECKSUM = Pattern.compile("\"checksum\":([-0-9.eE+]+)");

    /** One request of the plan. */
    public record Request(int tokens, long seed) {
    }

    /** What a run of the plan gave: per request (in plan order) its checksum, and every latency. */
    public record Result(double[] checksums, double[] latencyMillis) {
        public double percentile(double p) {
            return LoadDriver.percentile(latencyMillis, p);
        }
    }

    /** The {@code p}-th percentile (nearest rank) of {@code values}; NaN when there are none. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1))];
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public LoadDriver(int port) {
        this.port = port;
    }

    /** {@code count} requests with token counts drawn from {@code sizes}, reproducibly. */
    public static List<Request> plan(int count, int[] sizes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Request(sizes[r.nextInt(sizes.length)], i));
        }
        return out;
    }

    public Result run(List<Request> plan, int threads) throws Exception {
        double[] checksums = new double[plan.size()];
        double[] latencies = new double[plan.size()];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Request req = plan.get(index);
                    long t0 = System.nanoTime();
                    String body = get("/infer?tokens=" + req.tokens() + "&seed=" + req.seed());
                    latencies[index] = (System.nanoTime() - t0) / 1e6;
                    Matcher m = CHECKSUM.matcher(body);
                    if (!m.find()) {
                        throw new IllegalStateException("no checksum in " + body);
                    }
                    checksums[index] = Double.parseDouble(m.group(1));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(checksums, latencies);
    }

    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    public void shutdown() throws IOException, InterruptedException {
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/shutdown"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
