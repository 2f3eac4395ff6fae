package dev.autotune4j.samples;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sample 06 as its header says to run it: without the agent the library runs as written; with it, tuned. */
class Sample06IT {

    private static List<String> run(boolean agent) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (agent) {
            Path jar = Path.of(System.getProperty("autotune4j.agent.jar", "../agent/target/autotune4j-agent.jar"));
            cmd.add("-javaagent:" + jar.toAbsolutePath() + "=mode=tune,tuning=inline");
            cmd.add("-Dautotune4j.warmupMs=4");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path").replace(File.pathSeparator + File.pathSeparator,
                File.pathSeparator), Sample06_ThirdPartyMethod.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the sample did not finish");
            assertEquals(0, p.exitValue(), out);
            return out.lines().toList();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void theLibrarysOwnCallsAreTunedAndGiveTheLibrarysResults() throws Exception {
        List<String> plain = run(false);
        List<String> tuned = run(true);
        assertEquals(plain.subList(0, 3), tuned.subList(0, 3), "the candidates compute what the library does");
        assertEquals("candidate calls: 0; not tuned (no agent)", plain.get(3));
        // 3 sizes x 5 blurs, every one from the library's own blurTimes, served by a tuned choice
        assertTrue(tuned.get(3).matches("candidate calls: [1-9][0-9]*; 15 hits, 9 profiles tuned"), tuned.get(3));
    }
}
