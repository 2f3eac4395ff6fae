package dev.autotune4j.agent.report;

import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained HTML page (inline CSS and SVG, no scripts, no external resources): a
 * summary, per op a table of its profiles, a chart of the speedup over the fallback by bucket, and per
 * profile a chart of every tactic's median time with its spread.
 */
final class HtmlReport {
    private static final int BAR_WIDTH = 46;

    private HtmlReport() {
    }

    static String render(CacheReport report) {
        return render(report, null);
    }

    /** The page; with a timeline, a section of request latency over time follows the summary. */
    static String render(CacheReport report, LatencyTimeline timeline) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>autotune4j report</title>\n<style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:18px;margin-top:32px}")
                .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("td.l,th.l{text-align:left}th{background:#f3f3f3}.fail{color:#b00}.win{font-weight:bold}")
                .append("svg{background:#fafafa;border:1px solid #ddd;margin:4px 8px 4px 0}.charts{display:flex;flex-wrap:wrap}")
                .append("</style></head><body>\n");
        h.append("<h1>autotune4j report</h1>\n<table class=\"summary\">");
        row(h, "cache file", report.file().toString());
        row(h, "entries", String.valueOf(report.rows().size()));
        for (String key : List.of("cpuModel", "cpus", "os", "arch", "jvmVendor", "jvmVersion", "libraryVersion", "savedAt")) {
            if (report.metadata().containsKey(key)) {
                row(h, key, report.metadata().get(key));
            }
        }
        for (String note : report.notes()) {
            int eq = note.indexOf('=');
            row(h, eq > 0 ? note.substring(0, eq) : "note", eq > 0 ? note.substring(eq + 1) : note);
        }
        h.append("</table>\n");
        if (timeline != null) {
            h.append("<h2 id=\"latency\">Request latency over time</h2>\n").append(timeline.render());
        }
        h.append(LEGEND);
        for (String op : report.ops()) {
            List<CacheReport.Row> rows = report.rowsOf(op);
            h.append("<h2 id=\"op-").append(esc(op)).append("\">").append(esc(op)).append("</h2>\n");
            h.append("<table class=\"op\"><tr><th class=\"l\">profile</th><th class=\"l\">chosen runner</th><th class=\"l\">tactic</th>")
                    .append("<th>fallback µs</th><th>tuned µs</th><th>speedup</th><th>spread</th>")
                    .append("<th class=\"l\">verdict (99% interval)</th></tr>\n");
            for (CacheReport.Row r : rows) {
                h.append("<tr><td class=\"l\">").append(esc(r.profile())).append("</td><td class=\"l\">").append(esc(r.runner()))
                        .append("</td><td class=\"l\">").append(esc(r.tactic())).append("</td><td>")
                        .append(TextReport.micros(r.fallbackNanos())).append("</td><td>").append(TextReport.micros(r.nanos()))
                        .append("</td><td>").append(Double.isNaN(r.speedup()) ? "-" : fmt("%.2fx", r.speedup()))
                        .append("</td><td>").append(fmt("%.1f%%", 100 * r.spread())).append("</td><td class=\"l\">")
                        .append(esc(r.verdict())).append("</td></tr>\n");
            }
            h.append("</table>\n<div class=\"charts\">").append(speedupChart(op, rows));
            for (CacheReport.Row r : rows) {
                h.append(spreadChart(r));
            }
            h.append("</div>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** How to read the page: what the columns, the marks and the charts mean. */
    private static final String LEGEND = "<p class=\"legend\"><b>How to read this page.</b> A <i>profile</i> is the "
            + "shape bucket an entry was tuned for, one list of dims per argument; <code>-1</code> is a dim that follows "
            + "from others (a constraint) and matches any size. <i>speedup</i> is the fallback's time over the chosen "
            + "tactic's; a candidate is chosen only when it is faster than the fallback with 99% confidence and by at "
            + "least the minimum gain (3% unless <code>autotune4j.minGainPercent</code> says otherwise), so a speedup "
            + "shown is one that rule accepted; <i>verdict</i> gives its 99% interval, or what the best candidate "
            + "measured when the fallback was kept. <i>spread</i> is the interquartile range of a tactic's samples over their median: how far its "
            + "times scatter. In the speedup chart the axis starts at 0 and reaches at least 2x, with a line at 1x (no "
            + "gain). In each profile's chart a bar is a tactic's median time (log scale, the winner green) and its "
            + "whisker the spread; a tactic reads <code>64 &middot; int</code>: the value 64 of the candidate's "
            + "<code>int</code> tactic parameter.</p>\n";

    /**
     * Bars of the speedup over the fallback per profile, with a line at 1x. The axis reaches at least 2x: with every
     * profile at 1.00x, bars scaled to the largest value would fill the chart and read as a large win.
     */
    static String speedupChart(String op, List<CacheReport.Row> rows) {
        double max = 2;
        for (CacheReport.Row r : rows) {
            if (!Double.isNaN(r.speedup())) {
                max = Math.max(max, r.speedup());
            }
        }
        int w = 60 + rows.size() * BAR_WIDTH;
        int plot = 160;
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"speedup\" width=\"").append(w).append("\" height=\"").append(plot + 70)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"><title>speedup of ").append(esc(op))
                .append(" over its fallback, by profile</title>");
        s.append("<text x=\"8\" y=\"16\" font-size=\"13\">speedup over the fallback</text>");
        int base = 30 + plot;
        for (int i = 0; i < rows.size(); i++) {
            CacheReport.Row r = rows.get(i);
            double v = Double.isNaN(r.speedup()) ? 0 : r.speedup();
            int height = (int) Math.round(plot * v / max);
            int x = 50 + i * BAR_WIDTH;
            s.append("<rect class=\"bar\" x=\"").append(x).append("\" y=\"").append(base - height).append("\" width=\"")
                    .append(BAR_WIDTH - 10).append("\" height=\"").append(height).append("\" fill=\"")
                    .append(v >= 1 ? "#3a7bd5" : "#d55") .append("\"><title>").append(esc(r.profile())).append(": ")
                    .append(fmt("%.2fx", v)).append("</title></rect>");
            s.append("<text x=\"").append(x).append("\" y=\"").append(base - height - 3).append("\" font-size=\"10\">")
                    .append(fmt("%.1fx", v)).append("</text>");
            s.append("<text x=\"").append(x).append("\" y=\"").append(base + 14).append("\" font-size=\"10\">")
                    .append(r.bucket()).append("</text>");
        }
        int one = base - (int) Math.round(plot / max);
        s.append("<line x1=\"44\" x2=\"").append(w - 4).append("\" y1=\"").append(one).append("\" y2=\"").append(one)
                .append("\" stroke=\"#888\" stroke-dasharray=\"4 3\"/><text x=\"4\" y=\"").append(one + 4)
                .append("\" font-size=\"10\">1x</text>");
        s.append("<text x=\"50\" y=\"").append(base + 32).append("\" font-size=\"11\">bucket (first dim)</text>");
        return s.append("</svg>").toString();
    }

    /** Every tactic timed on one profile: median (bar) and spread (whisker), log scale; failures listed. */
    static String spreadChart(CacheReport.Row r) {
        List<CacheReport.TrialRow> ok = r.trials().stream().filter(t -> t.failure() == null && t.nanos() > 0).toList();
        List<CacheReport.TrialRow> failed = r.trials().stream().filter(t -> t.failure() != null).toList();
        int rowH = 16;
        int h = 40 + rowH * (ok.size() + failed.size());
        int w = 520;
        int left = 230;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (CacheReport.TrialRow t : ok) {
            lo = Math.min(lo, t.nanos() * (1 - t.spread() / 2));
            hi = Math.max(hi, t.nanos() * (1 + t.spread() / 2));
        }
        double logLo = Math.log10(Math.max(1, lo * 0.8));
        double logHi = Math.log10(Math.max(hi * 1.2, lo * 2));
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"spread\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"><title>tactic times of ").append(esc(r.op()))
                .append(" on ").append(esc(r.profile())).append("</title>");
        s.append("<text x=\"6\" y=\"15\" font-size=\"12\">").append(esc(r.profile())).append(": µs per call (log)</text>");
        int y = 28;
        for (CacheReport.TrialRow t : ok) {
            double x0 = scale(t.nanos() * (1 - t.spread() / 2), logLo, logHi, left, w - 50);
            double xm = scale(t.nanos(), logLo, logHi, left, w - 50);
            double x1 = scale(t.nanos() * (1 + t.spread() / 2), logLo, logHi, left, w - 50);
            boolean win = t.tactic().equals(r.tactic()) && t.runner().equals(r.runner());
            s.append("<text x=\"4\" y=\"").append(y + 10).append("\" font-size=\"10\"").append(win ? " font-weight=\"bold\"" : "")
                    .append(">").append(esc(label(t))).append("</text>");
            s.append("<rect class=\"trial\" x=\"").append(left).append("\" y=\"").append(y + 2).append("\" width=\"")
                    .append(fmt("%.1f", Math.max(1, xm - left))).append("\" height=\"9\" fill=\"").append(win ? "#2a9d5c" : "#9bb")
                    .append("\"><title>").append(esc(label(t))).append(": ").append(TextReport.micros(t.nanos()))
                    .append(" µs ± ").append(fmt("%.1f%%", 50 * t.spread())).append("</title></rect>");
            s.append("<line x1=\"").append(fmt("%.1f", x0)).append("\" x2=\"").append(fmt("%.1f", x1)).append("\" y1=\"")
                    .append(y + 6).append("\" y2=\"").append(y + 6).append("\" stroke=\"#333\"/>");
            s.append("<text x=\"").append(fmt("%.1f", x1 + 4)).append("\" y=\"").append(y + 10).append("\" font-size=\"9\">")
                    .append(TextReport.micros(t.nanos())).append("</text>");
            y += rowH;
        }
        for (CacheReport.TrialRow t : failed) {
            s.append("<text class=\"fail\" x=\"4\" y=\"").append(y + 10).append("\" font-size=\"10\" fill=\"#b00\">")
                    .append(esc(label(t) + " failed: " + t.failure())).append("</text>");
            y += rowH;
        }
        return s.append("</svg>").toString();
    }

    /** The tactic first (it is what differs), then the candidate's tactic parameter type: {@code 64 · int}. */
    private static String label(CacheReport.TrialRow t) {
        if (t.tactic().startsWith("FALLBACK")) {
            return t.tactic();
        }
        String runner = t.runner();
        int open = runner.lastIndexOf('(');
        int close = runner.lastIndexOf(')');
        String param = open >= 0 && close > open ? runner.substring(Math.max(open + 1, runner.lastIndexOf(", ") + 2), close) : runner;
        String text = t.tactic().startsWith(param) ? t.tactic() : t.tactic() + " · " + param;
        return text.length() > 40 ? text.substring(0, 39) + "…" : text;
    }

    private static double scale(double nanos, double logLo, double logHi, int from, int to) {
        double v = (Math.log10(Math.max(nanos, 1)) - logLo) / (logHi - logLo);
        return from + Math.max(0, Math.min(1, v)) * (to - from);
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th class=\"l\">").append(esc(key)).append("</th><td class=\"l\">").append(esc(value)).append("</td></tr>");
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }
}
