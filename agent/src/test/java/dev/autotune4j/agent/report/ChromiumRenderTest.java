package dev.autotune4j.agent.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML report in a real browser: headless Chromium (Debian's {@code chromium} package) loads it and
 * takes a screenshot. Skipped where Chromium is not installed.
 */
class ChromiumRenderTest {

    @Test
    void reportRendersInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(chromium), "Debian's chromium is not installed");
        Path cache = dir.resolve("c.json");
        ReportsTest.writeCache(cache, 8);
        Path html = dir.resolve("r.html");
        Reports.write(cache, html, List.of(), new PrintStream(new ByteArrayOutputStream()));
        Path png = dir.resolve("r.png");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"), "--window-size=1000,900", "--screenshot=" + png,
                html.toUri().toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        byte[] image = Files.readAllBytes(png);
        assertTrue(image.length > 10_000, "a blank page would be tiny: " + image.length + " bytes");
        assertEquals((byte) 0x89, image[0]);
        assertEquals('P', image[1]);
    }
}
