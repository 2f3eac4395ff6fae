package dev.autotune4j.samples;

import org.junit.jupiter.api.Test;
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
            "readme.ApiTour, no agent",
            "Sample01_FirstTunable, agent module path",
            "Sample02_DynamicBuckets, module path",
            "Sample03_Constraints, module path",
            "Sample04_ProgrammaticRunner, module path",
            "Sample05_TestEveryTactic, module path",
            "readme.AgentInFiveLines, agent module path",
            "readme.ThirdPartyTargets, module path",
            "readme.ApiTour, module path"})
    void runsAsItsHeaderSays(String sample, String how, @TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (how.contains("module path")) {
            // the runtime as a named module (its descriptor enforced), the sample in the unnamed module: a sample
            // that used an internal package would fail here with an IllegalAccessError
            cmd.addAll(modulePath());
        }
        if (how.startsWith("agent")) {
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

    /** The runtime's descriptor is enforced: an application on the class path cannot reach an internal package. */
    @Test
    void internalPackagesAreClosedOnTheModulePath(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(modulePath());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ReachesInternals.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("IllegalAccessError") && out.contains("does not export dev.autotune4j.profile"), out);

        Process plain = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ReachesInternals.class.getName()).redirectErrorStream(true).start();
        String reached = new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(plain.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, plain.exitValue(), "on the class path the descriptor is not read: " + reached);
    }

    /** The runtime jar (with its descriptor) and the modules it requires, from this test's class path. */
    static List<String> modulePath() {
        List<String> modules = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("autotune4j-runtime") || name.startsWith("jackson-") || name.startsWith("slf4j-api")) {
                modules.add(entry);
            }
        }
        assertTrue(modules.stream().anyMatch(m -> m.contains("autotune4j-runtime") && m.endsWith(".jar")),
                "the runtime as a jar (an integration test: it runs after package): " + modules);
        return List.of("--module-path", String.join(File.pathSeparator, modules), "--add-modules", "dev.autotune4j.runtime");
    }
}
