package dev.autotune4j.agent.report;

import dev.autotune4j.api.Runner;
import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.cache.CacheKey;
import dev.autotune4j.cache.CacheMetadata;
import dev.autotune4j.cache.TacticCodec;
import dev.autotune4j.cache.Trial;
import dev.autotune4j.cache.Verdict;
import dev.autotune4j.profile.ShapeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ReportsTest {
    /** The loops of a GEMM, as an application's {@code @Tactic} enum would be. */
    public enum Loop { IJK, IKJ }

    /**
     * Two profiles of one op, written by the runtime's own writer (not hand-written JSON): a winner with its trials
     * (the fallback, the winner, a failed tactic) and an accepted verdict, and a second profile without trials.
     */
    public static Path writeCache(Path file, long firstTokens) throws IOException {
        String gemm = "gemm([[F[[F)[[F";
        String loops = "gemm([[F[[FLdev/autotune4j/agent/report/ReportsTest$Loop;)[[F";
        String tiles = "gemm([[F[[FI)[[F";
        ShapeKey first = ShapeKey.of(new long[][] {{firstTokens, 128}, {128, 128}});
        ShapeKey second = ShapeKey.of(new long[][] {{1, 128}, {128, 128}});
        List<Trial> trials = List.of(
                new Trial(0, "my.Ops", gemm, TacticCodec.encode(Runner.FALLBACK), 10000.0, 0.02, 10, null),
                new Trial(1, "my.Ops", loops, TacticCodec.encode(Loop.IKJ), 2000.0, 0.05, 10, null),
                new Trial(2, "my.Ops", tiles, TacticCodec.encode(64), Double.NaN, Double.NaN, 0,
                        "IllegalStateException: boom"));
        List<CacheEntry> entries = List.of(
                new CacheEntry(new CacheKey("gemm<x>", "my.Ops", loops, first), 1, TacticCodec.encode(Loop.IKJ), Loop.IKJ,
                        2000.0, 10, 0.05, 10000.0, trials, new Verdict("my.Ops#gemm/IKJ", 5.0, 4.6, 5.4, true, "faster")),
                new CacheEntry(new CacheKey("gemm<x>", "my.Ops", tiles, second), 2, TacticCodec.encode(16), 16,
                        500.0, 10, 0.01, 1500.0, List.of()));
        CacheFile.save(file, entries, CacheMetadata.current(Map.of()));
        return file;
    }

    @Test
    void tableAndPageShowEveryProfile(@TempDir Path dir) throws Exception {
        Path cache = writeCache(dir.resolve("c.json"), 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reports.write(cache, dir.resolve("r.html"), List.of("latency=1 -> 2"), new PrintStream(out));
        String text = out.toString();
        String[] lines = text.split("\n");
        assertTrue(lines[2].startsWith("gemm<x>") && lines[2].contains("[[1,128],[128,128]]") && lines[2].contains("3.00x"), text);
        assertTrue(lines[3].contains("Ops.gemm(float[][], float[][], Loop)") && lines[3].contains("Loop.IKJ")
                && lines[3].contains("10.0") && lines[3].contains("2.000") && lines[3].contains("5.00x"), text);

        String html = Files.readString(dir.resolve("r.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.trim().endsWith("</html>"));
        assertEquals(1, html.split("<svg class=\"speedup\"").length - 1);
        assertEquals(2, html.split("<svg class=\"spread\"").length - 1);
        assertEquals(2, html.split("<rect class=\"bar\"").length - 1, "one bar per profile");
        assertEquals(2, html.split("<rect class=\"trial\"").length - 1, "two timed trials");
        assertTrue(html.contains("64 · int failed: IllegalStateException: boom"), "failed trials are listed");
        assertTrue(html.contains("gemm&lt;x&gt;") && !html.contains("gemm<x>"), "names are escaped");
        assertTrue(html.contains("<th class=\"l\">latency</th><td class=\"l\">1 -&gt; 2</td>"));
        assertSelfContained(html);
        assertTrue(html.contains("<td class=\"l\">5.00x [4.60, 5.40]</td>"), "the accepted speedup's interval");
        assertTrue(html.contains("How to read this page") && html.contains("whisker") && html.contains("&middot; int"),
                "the legend explains the charts and the tactic labels");
    }

    /**
     * Nothing on the page is fetched or run: no script, no link, no style import, no {@code src}, no {@code url(...)};
     * the one URL allowed is the SVG namespace, and only as an {@code xmlns} attribute (a name, never fetched).
     */
    static void assertSelfContained(String html) {
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("(\\w+)=\"(https?://[^\"]*)\"|https?://").matcher(html);
        while (url.find()) {
            assertTrue("xmlns".equals(url.group(1)) && "http://www.w3.org/2000/svg".equals(url.group(2)),
                    "a URL other than the SVG namespace: " + url.group());
        }
        for (String fetches : new String[] {"<script", "<link", "<iframe", "<img", "@import", "url(", " src=", " href=\"http"}) {
            assertFalse(html.contains(fetches), "the page fetches or runs something: " + fetches);
        }
    }

    @Test
    void theSelfContainmentCheckFindsWhatAPageWouldFetch() {
        String page = "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>";
        assertSelfContained(page);
        for (String bad : new String[] {"<img src=\"x.png\">", "<a href=\"https://example.com\">x</a>",
                "<svg xmlns=\"http://evil.example/svg\">", "<style>@import 'x.css'</style>", "<script>1</script>"}) {
            assertThrows(AssertionError.class, () -> assertSelfContained(page + bad), bad);
        }
    }

    /** A kept fallback says so, with what the best candidate measured (issue 12): no speedup the rule did not accept. */
    @Test
    void aVerdictThatKeptTheFallbackSaysSo() {
        assertEquals("fallback kept; best candidate 1.02x [0.97, 1.08]",
                CacheReport.verdict(new Verdict("c", 1.02, 0.97, 1.08, false, "overlap")));
        assertEquals("1.50x [1.20, inf]",
                CacheReport.verdict(new Verdict("c", 1.5, 1.2, Double.POSITIVE_INFINITY, true, "faster")));
        assertEquals("", CacheReport.verdict(null), "a file from before verdicts");
    }

    @Test
    void badFilesAreNamedWithTheReason(@TempDir Path dir) throws Exception {
        Path truncated = writeCache(dir.resolve("t.json"), 8);
        Files.writeString(truncated, Files.readString(truncated).substring(0, 200));
        IOException e = assertThrows(IOException.class, () -> Reports.write(truncated, null, List.of(), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("t.json: it is not valid JSON") && e.getMessage().contains("truncated"), e.getMessage());
        Path other = dir.resolve("o.json");
        Files.writeString(other, "{\"cache_data\":{}}");
        IOException e2 = assertThrows(IOException.class, () -> Reports.write(other, null, List.of(), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e2.getMessage().contains("not an autotune4j cache file"), e2.getMessage());
    }

    /**
     * The report reads regular files only (issue 10, item 7): a FIFO made it hang and a link to /dev/zero ran it out
     * of memory. Both are refused at once, naming the file.
     */
    @Test
    void onlyRegularFilesAreRead(@TempDir Path dir) throws Exception {
        Path zero = Files.createSymbolicLink(dir.resolve("zero.json"), Path.of("/dev/zero"));
        IOException e = assertThrows(IOException.class, () -> Reports.write(zero, null, List.of(), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("zero.json: it is a link to something that is not a regular file"), e.getMessage());
        Path fifo = dir.resolve("fifo.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        IOException e2 = assertThrows(IOException.class, () -> Reports.write(fifo, null, List.of(), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e2.getMessage().contains("fifo.json: it is not a regular file"), e2.getMessage());
        Path dirAsFile = Files.createDirectory(dir.resolve("d.json"));
        assertThrows(IOException.class, () -> Reports.write(dirAsFile, null, List.of(), new PrintStream(new ByteArrayOutputStream())));
    }

    /**
     * Every profile at 1.00x draws half-height bars, not full ones (issue 13, item 5): the axis reaches at least 2x,
     * so no gain never reads as a large win.
     */
    @Test
    void noGainDrawsNoTallBars() {
        List<CacheReport.Row> rows = List.of(
                new CacheReport.Row("op", "[[1]]", 1, "r", "FALLBACK", 100, 100, 0, 3, List.of(), ""),
                new CacheReport.Row("op", "[[2]]", 2, "r", "FALLBACK", 200, 200, 0, 3, List.of(), ""));
        String svg = HtmlReport.speedupChart("op", rows);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("class=\"bar\"[^>]*height=\"(\\d+)\"").matcher(svg);
        int bars = 0;
        while (m.find()) {
            bars++;
            assertEquals(80, Integer.parseInt(m.group(1)), "1x of an axis that reaches 2x: half the 160-pixel plot");
        }
        assertEquals(2, bars, svg);
    }

    /** The text report explains -1 dims and prints notes as "label: text". */
    @Test
    void theTextReportExplainsMinusOneAndNotes(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("c.json");
        writeCache(cache, ShapeKey.ANY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reports.write(cache, null, List.of("latency=1 -> 2"), new PrintStream(out));
        String text = out.toString();
        assertTrue(text.contains("-1 in a profile: a dim that follows from others"), text);
        assertTrue(text.contains("latency: 1 -> 2") && !text.contains("latency="), text);
    }

    @Test
    void theTimelineShowsEachPhaseWithItsFigures(@TempDir Path dir) throws Exception {
        Path cache = writeCache(dir.resolve("c.json"), 8);
        StringBuilder csv = new StringBuilder("phase,atMs,latencyMs\n");
        for (int i = 0; i < 100; i++) {
            csv.append("without autotune4j,").append(10 * i).append(',').append(i == 99 ? 80 : 4).append('\n');
        }
        for (int i = 0; i < 100; i++) {
            csv.append("replay, restarted,").append(2000 + 10 * i).append(",2\n");   // a phase name with a comma
        }
        Path timeline = dir.resolve("latency.csv");
        Files.writeString(timeline, csv);
        Reports.write(cache, dir.resolve("r.html"), List.of(), timeline, new PrintStream(new ByteArrayOutputStream()));
        String html = Files.readString(dir.resolve("r.html"));
        assertEquals(1, html.split("<svg class=\"timeline\"").length - 1);
        assertTrue(html.contains("<tr><td class=\"l\">without autotune4j</td><td>100</td><td>4.00</td><td>4.00</td><td>80.00</td></tr>"), html);
        assertTrue(html.contains("<tr><td class=\"l\">replay, restarted</td><td>100</td><td>2.00</td><td>2.00</td><td>2.00</td></tr>"), html);
        assertTrue(html.contains("<polyline class=\"median\"") && html.contains("<polyline class=\"slowest\""));
        assertTrue(html.indexOf("Request latency over time") < html.indexOf("<h2 id=\"op-"), "after the summary, before the ops");
    }

    @Test
    void aTimelineLineThatDoesNotParseIsNamed(@TempDir Path dir) throws Exception {
        Path cache = writeCache(dir.resolve("c.json"), 8);
        Path timeline = dir.resolve("latency.csv");
        Files.writeString(timeline, "phase,atMs,latencyMs\nbaseline,1.0,2.0\nbaseline,oops\n");
        IOException e = assertThrows(IOException.class,
                () -> Reports.write(cache, dir.resolve("r.html"), List.of(), timeline, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("phase,atMs,latencyMs"), e.getMessage());
    }
}
