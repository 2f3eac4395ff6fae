package dev.autotune4j.samples;

import dev.autotune4j.samples.service.Demo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job in its short mode, with the real agent jar: the service without the agent, attached in tune mode
 * while it serves, restarted in replay; the HTML report shows the latency over the whole story.
 */
class DemoIT {

    @Test
    void replayUsesTheTunedChoicesDoesNoTuningAndMatchesTheFallback(@TempDir Path dir) throws Exception {
        Path agent = Path.of(System.getProperty("autotune4j.agent.jar", "../agent/target/autotune4j-agent.jar"));
        Demo.Summary s = Demo.run(true, dir, agent);

        assertEquals(0, s.replayTunedProfiles(), "the replay run tuned");
        assertEquals(0, s.replayMisses(), "the replay run missed a tuned shape");
        assertTrue(s.replayHits() > 0, "the replay run served no tuned choice");
        assertEquals(0, s.checksumMismatches(), "responses differ from the fallback's");
        assertEquals(0, s.failedRequests(), "a request failed while the agent was attached or tuning");
        assertTrue(s.ok());
        assertTrue(s.checkMillis() > 0 && s.checkMillis() < s.tuningMillis(),
                "the answer check ran, on by default, and its cost is part of the tuning time: " + s);
        assertEquals(0, s.wrongAnswers(), "every sample tactic computes the fallback's answer: " + s);

        String cache = Files.readString(s.cache());
        for (String op : new String[] {"gemm", "attention_scores", "softmax", "layer_norm", "mlp"}) {
            assertTrue(cache.contains("\"op\" : \"" + op + "\""), "no entry for " + op);
        }
        String html = Files.readString(s.html());
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.trim().endsWith("</html>"));
        assertEquals(5, html.split("<svg class=\"speedup\"").length - 1, "one speedup chart per op");
        assertTrue(html.split("<svg class=\"spread\"").length - 1 >= 5 * 4, "a spread chart per profile");
        assertTrue(html.contains("request latency p50 / p99 (ms)"));
        assertEquals(1, html.split("<svg class=\"timeline\"").length - 1, "one latency timeline");
        for (String phase : new String[] {"without autotune4j", "attaching", "tuning in the background",
                "tuned (same JVM)", "replay (restarted)"}) {
            assertTrue(html.contains("<td class=\"l\">" + phase + "</td>"), "the timeline lacks phase " + phase);
            assertTrue(Files.readString(s.timeline()).contains("\n" + phase + ","), "the CSV lacks phase " + phase);
        }
    }
}
