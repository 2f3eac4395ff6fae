package dev.autotune4j.samples.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.OpStatistics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A small inference service on the JDK's HTTP server (loopback only): {@code GET /infer?tokens=N&seed=S} runs
 * one transformer block on N tokens and answers {@code {"tokens":N,"checksum":C,"micros":T}};
 * {@code GET /stats} answers the tuner's counters per op; {@code POST /shutdown} stops it (the agent saves the
 * cache at exit). Run it with the agent to tune it; without, it runs the plain loops.
 *
 * <p>Run: {@code java -Dsun.net.httpserver.nodelay=true -javaagent:agent/target/autotune4j-agent.jar=mode=tune,cache=/tmp/t.json
 * -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.service.InferenceService 8080 [dim hidden]}.
 * {@code nodelay}: without it the JDK's HTTP server answers small responses after a 40 ms delayed ACK, and every
 * request takes 44-47 ms whatever the model does.
 */
public final class InferenceService {
    private InferenceService() {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int hidden = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        Model model = new Model(dim, hidden, 42);
        warmUp(model, Long.getLong("service.warmupMs", 1500));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/infer", ex -> {
            Map<String, String> q = query(ex.getRequestURI());
            try {
                int tokens = Integer.parseInt(q.getOrDefault("tokens", "1"));
                long seed = Long.parseLong(q.getOrDefault("seed", "1"));
                if (tokens < 1 || tokens > 4096) {
                    reply(ex, 400, "{\"error\":\"tokens must be 1..4096\"}");
                    return;
                }
                float[][] x = model.input(tokens, seed);
                long t0 = System.nanoTime();
                double checksum = Model.checksum(model.forward(x));
                long micros = (System.nanoTime() - t0) / 1000;
                reply(ex, 200, String.format(Locale.ROOT, "{\"tokens\":%d,\"checksum\":%.9g,\"micros\":%d}", tokens, checksum, micros));
            } catch (NumberFormatException e) {
                reply(ex, 400, "{\"error\":\"tokens and seed must be integers\"}");
            }
        });
        server.createContext("/stats", ex -> {
            StringBuilder sb = new StringBuilder("{\"mode\":\"").append(AutoTuner.get().mode())
                    .append("\",\"queued\":").append(AutoTuner.get().background().queued()).append(",\"tunerBegun\":")
                    .append(AutoTuner.get().background().begun()).append(",\"ops\":[");
            boolean first = true;
            for (OpStatistics o : AutoTuner.get().statistics().ops()) {
                sb.append(first ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"op\":\"%s\",\"hits\":%d,\"misses\":%d,\"tunedProfiles\":%d,\"failures\":%d,"
                                + "\"wrongAnswers\":%d,\"tuningMillis\":%.1f,\"checkMillis\":%.1f}",
                        o.op(), o.hits(), o.misses(), o.tunedProfiles(), o.failures().size(),
                        o.failures().stream().filter(f -> f.reason().contains("does not compute the fallback's answer"))
                                .count(), o.tuningMillis(), o.checkMillis()));
                first = false;
            }
            reply(ex, 200, sb.append("]}").toString());
        });
        server.createContext("/shutdown", ex -> {
            reply(ex, 200, "{\"stopping\":true}");
            new Thread(() -> {
                server.stop(0);
                System.exit(0);
            }).start();
        });
        server.start();
        System.out.println("listening port=" + server.getAddress().getPort());
    }

    /**
     * Runs the model on the clients' batch sizes for {@code millis} before the port opens, as a service behind a
     * readiness check does: the first clients then meet compiled loops, not the interpreter. Under the agent the
     * call sites link and the cached choices resolve meanwhile, so a restart in replay serves tuned code from its
     * first request ({@code -Dservice.warmupMs=0} to see a cold start). It warms with the batch sizes its clients
     * send (the demo's load): warming others would only make replay misses.
     */
    private static void warmUp(Model model, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        double sink = 0;
        while (System.nanoTime() < end) {
            for (int tokens : SteadyLoad.SIZES) {
                sink += Model.checksum(model.forward(model.input(tokens, tokens)));
            }
        }
        if (Double.isNaN(sink)) {
            System.err.println("warm-up produced NaN");
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String q = uri.getRawQuery();
        if (q != null) {
            for (String part : q.split("&")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    out.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
        }
        return out;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
