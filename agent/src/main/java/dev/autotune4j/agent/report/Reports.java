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
        CacheReport report = CacheReport.read(cacheFile, notes);
        out.print(TextReport.render(report));
        if (html != null) {
            Path target = html.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Files.writeString(target, HtmlReport.render(report));
            out.println("HTML report: " + target);
        }
    }
}
