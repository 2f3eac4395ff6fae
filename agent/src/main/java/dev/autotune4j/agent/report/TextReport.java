package dev.autotune4j.agent.report;

import java.util.Locale;

/** The report as a fixed-width table, one row per op and profile. */
final class TextReport {
    private TextReport() {
    }

    static String render(CacheReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("autotune4j cache ").append(report.file()).append(" (").append(report.rows().size()).append(" entries; ")
                .append(report.metadata().getOrDefault("cpuModel", "?")).append(", ")
                .append(report.metadata().getOrDefault("jvmVendor", "?")).append(' ')
                .append(report.metadata().getOrDefault("jvmVersion", "?")).append(")\n");
        int runnerWidth = 13;
        for (CacheReport.Row r : report.rows()) {
            runnerWidth = Math.max(runnerWidth, Math.min(r.runner().length(), 72));
        }
        String fmt = "%-18s %-26s %-" + runnerWidth + "s %-18s %12s %12s %8s%n";
        sb.append(String.format(Locale.ROOT, fmt, "op", "profile", "chosen runner", "tactic", "fallback us", "tuned us",
                "speedup"));
        for (CacheReport.Row r : report.rows()) {
            sb.append(String.format(Locale.ROOT, fmt, cut(r.op(), 18), cut(r.profile(), 26), cut(r.runner(), runnerWidth),
                    cut(r.tactic(), 18), micros(r.fallbackNanos()), micros(r.nanos()),
                    Double.isNaN(r.speedup()) ? "-" : String.format(Locale.ROOT, "%.2fx", r.speedup())));
        }
        if (report.rows().stream().anyMatch(r -> r.profile().contains("-1"))) {
            sb.append("-1 in a profile: a dim that follows from others (a constraint) and matches any size\n");
        }
        for (String note : report.notes()) {
            int eq = note.indexOf('=');
            sb.append(eq > 0 ? note.substring(0, eq) + ": " + note.substring(eq + 1) : note).append('\n');
        }
        return sb.toString();
    }

    static String micros(double nanos) {
        if (Double.isNaN(nanos)) {
            return "-";
        }
        return String.format(Locale.ROOT, nanos < 10_000 ? "%.3f" : "%.1f", nanos / 1000);
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
