package dev.autotune4j.agent.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code report} command: prints the table, writes the HTML page when asked, and says where it is. */
public final class Reports {
    private Reports() {
    }

    public static void write(Path cacheFile, Path html, List<String> notes, PrintStream out) throws IOException {
        write(cacheFile, html, notes, null, out);
    }

    /** With {@code timeline}, a CSV of {@code phase,atMs,latencyMs} rows, the HTML page shows request latency over time. */
    public static void write(Path cacheFile, Path html, List<String> notes, Path timeline, PrintStream out)
            throws IOException {
        CacheReport report = CacheReport.read(cacheFile, notes);
        LatencyTimeline latencies = timeline == null ? null : LatencyTimeline.read(timeline);
        out.print(TextReport.render(report));
        if (html != null) {
            Path target = html.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Files.writeString(target, HtmlReport.render(report, latencies));
            out.println("HTML report: " + target);
        }
    }
}
