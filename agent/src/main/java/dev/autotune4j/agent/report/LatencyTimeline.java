package dev.autotune4j.agent.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Request latencies over time, from a CSV of {@code phase,atMs,latencyMs} rows (the demo writes one: the service
 * before the agent, attaching, tuning in the background, tuned, restarted in replay), drawn as one SVG: per window
 * of {@link #WINDOW_MS} the median and the slowest request, on a log scale, each phase a labelled band. So the page
 * shows what the service's clients saw while the tuner worked beside it.
 */
record LatencyTimeline(List<Point> points) {
    static final double WINDOW_MS = 250;
    private static final int W = 960;
    private static final int H = 280;
    private static final int LEFT = 56;
    private static final int BOTTOM = 36;
    private static final int TOP = 22;

    record Point(String phase, double atMs, double latencyMs) {
    }

    /** Reads the CSV; a line that does not parse is an error naming its number. */
    static LatencyTimeline read(Path csv) throws IOException {
        List<Point> points = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(csv)) {
            n++;
            if (line.isBlank() || line.startsWith("phase,")) {
                continue;
            }
            int b = line.lastIndexOf(',');
            int a = b > 0 ? line.lastIndexOf(',', b - 1) : -1;
            try {
                if (a <= 0) {
                    throw new NumberFormatException("fewer than three fields");
                }
                points.add(new Point(line.substring(0, a), Double.parseDouble(line.substring(a + 1, b)),
                        Double.parseDouble(line.substring(b + 1))));
            } catch (NumberFormatException e) {
                throw new IOException(csv + " line " + n + " is not 'phase,atMs,latencyMs': " + line);
            }
        }
        return new LatencyTimeline(points);
    }

    /** The SVG, with a short table of each phase's requests, p50, p99 and slowest. */
    String render() {
        if (points.isEmpty()) {
            return "<p>no requests in the timeline</p>\n";
        }
        double end = points.stream().mapToDouble(Point::atMs).max().orElse(1) + WINDOW_MS;
        double lo = Math.max(0.1, points.stream().mapToDouble(Point::latencyMs).min().orElse(1));
        double hi = Math.max(lo * 10, points.stream().mapToDouble(Point::latencyMs).max().orElse(10));
        double logLo = Math.floor(Math.log10(lo));
        double logHi = Math.ceil(Math.log10(hi));
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"timeline\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", W, H, W, H));
        Map<String, double[]> spans = new LinkedHashMap<>();
        for (Point p : points) {
            spans.computeIfAbsent(p.phase, k -> new double[] {p.atMs, p.atMs});
            double[] span = spans.get(p.phase);
            span[0] = Math.min(span[0], p.atMs);
            span[1] = Math.max(span[1], p.atMs);
        }
        String[] shades = {"#eef3fb", "#fbf3e6", "#eefaf0", "#f6eefb", "#fbeeee", "#eef9fb"};
        int k = 0;
        for (Map.Entry<String, double[]> e : spans.entrySet()) {
            double x0 = x(e.getValue()[0], end);
            double x1 = Math.max(x0 + 2, x(e.getValue()[1] + WINDOW_MS, end));
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                    x0, TOP, x1 - x0, H - TOP - BOTTOM, shades[k % shades.length]));
            // short phases sit side by side: their names alternate above the chart and inside its top edge
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>", x0 + 3,
                    k % 2 == 0 ? TOP - 6 : TOP + 12, HtmlReport.esc(e.getKey())));
            k++;
        }
        for (double d = logLo; d <= logHi; d++) {
            double y = y(Math.pow(10, d), logLo, logHi);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s ms</text>", LEFT, W - 8, y, y,
                    LEFT - 4, y + 4, fmtMs(Math.pow(10, d))));
        }
        for (int sec = 0; sec * 1000 <= end; sec += Math.max(1, (int) Math.ceil(end / 1000 / 12))) {
            double x = x(sec * 1000, end);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d s</text>",
                    x, H - BOTTOM + 16, sec));
        }
        s.append(polyline(end, logLo, logHi, 0.5, "#1f5fbf", "median"));
        s.append(polyline(end, logLo, logHi, 1.0, "#c0392b", "slowest"));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#1f5fbf\">median per %.0f ms</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#c0392b\">slowest per %.0f ms</text>",
                LEFT, H - 6, WINDOW_MS, LEFT + 170, H - 6, WINDOW_MS));
        s.append("</svg>\n<table class=\"timeline\"><tr><th class=\"l\">phase</th><th>requests</th><th>p50 ms</th>"
                + "<th>p99 ms</th><th>slowest ms</th></tr>\n");
        for (String phase : spans.keySet()) {
            double[] l = points.stream().filter(p -> p.phase.equals(phase)).mapToDouble(Point::latencyMs).sorted().toArray();
            s.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td></tr>\n",
                    HtmlReport.esc(phase), l.length, quantile(l, 0.5), quantile(l, 0.99), l[l.length - 1]));
        }
        return s.append("</table>\n").toString();
    }

    /** One line through a quantile of each window's latencies (windows without requests are skipped). */
    private String polyline(double end, double logLo, double logHi, double q, String color, String name) {
        int windows = (int) Math.ceil(end / WINDOW_MS);
        List<List<Double>> byWindow = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            byWindow.add(new ArrayList<>());
        }
        for (Point p : points) {
            byWindow.get(Math.min(windows - 1, (int) (p.atMs / WINDOW_MS))).add(p.latencyMs);
        }
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < windows; i++) {
            double[] l = byWindow.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (l.length > 0) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x((i + 0.5) * WINDOW_MS, end),
                        y(quantile(l, q), logLo, logHi)));
            }
        }
        return String.format(Locale.ROOT, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>",
                name, color, pts.toString().trim());
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))];
    }

    private static double x(double atMs, double endMs) {
        return LEFT + (W - LEFT - 8) * atMs / endMs;
    }

    private static double y(double ms, double logLo, double logHi) {
        double f = (Math.log10(Math.max(ms, Math.pow(10, logLo))) - logLo) / (logHi - logLo);
        return H - BOTTOM - f * (H - TOP - BOTTOM);
    }

    private static String fmtMs(double ms) {
        return ms >= 1 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }
}
