package dev.autotune4j.samples;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every numbered sample run as its header says (issue 13, item 4): it finishes, exits 0, prints what it teaches,
 * and reports no error. Sample 06 has a test of its own that checks its results.
 */
class SamplesIT {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "Sample01_FirstTunable, no agent",
            "Sample01_FirstTunable, agent",
            "Sample02_DynamicBuckets, no agent",
            "Sample03_Constraints, no agent",
            "Sample04_ProgrammaticRunner, no agent",
            "Sample05_TestEveryTactic, no agent",
            "readme.AgentInFiveLines, no agent",
            "readme.AgentInFiveLines, agent",
            "readme.ThirdPartyTargets, no agent",
            "readme.ApiTour, no agent"})
    void runsAsItsHeaderSays(String sample, String how, @TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (how.equals("agent")) {
            Path jar = Path.of(System.getProperty("autotune4j.agent.jar", "../agent/target/autotune4j-agent.jar"));
            cmd.add("-javaagent:" + jar.toAbsolutePath() + "=mode=tune,tuning=inline");
        }
        cmd.add("-Dautotune4j.warmupMs=4");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path").replace(File.pathSeparator + File.pathSeparator,
                File.pathSeparator), "dev.autotune4j.samples." + sample));
        if (sample.startsWith("Sample04")) {
            cmd.add(dir.resolve("sample04.json").toString());
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("err").toFile()).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the sample did not finish");
            String err = Files.readString(dir.resolve("err"));
            assertEquals(0, p.exitValue(), out + err);
            assertFalse(out.isBlank(), "it printed nothing");
            assertFalse(err.contains("Exception") || err.contains("ERROR"), err);
        } finally {
            p.destroyForcibly();
        }
    }
}
