package dev.autotune4j.measure;

import dev.autotune4j.ChildJava;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tuner's statistics are compiled before a JVM's first profile is timed, not while it is. */
class StatisticsWarmupTest {

    /**
     * In a fresh JVM nothing has called the bootstrap before the first profile: without the warmup both methods are
     * still interpreted when the first tactic runs. With it they have top-tier code, unless the JIT took longer
     * than the warmup's limit (a loaded machine), which the warmup's result then says.
     */
    @Test
    void aFreshJvmsFirstProfileIsTimedWithTheStatisticsCompiled(@TempDir Path dir) throws Exception {
        ChildJava.Result r = ChildJava.run(dir, 120, List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
                FirstProfileChild.class.getName()));
        assertEquals(0, r.exit(), r.stderr());
        String cold = line(r.stdout(), "cold at first call: ");
        String warmup = line(r.stdout(), "warmup: ");
        assertTrue(warmup.matches("\\d+ calls, \\d+ ms, cold .*"), "the warmup ran before the first profile: " + warmup);
        int calls = Integer.parseInt(warmup.substring(0, warmup.indexOf(' ')));
        long millis = Long.parseLong(warmup.split(", ")[1].replace(" ms", ""));
        assertTrue(calls >= StatisticsWarmup.MIN_CALLS, warmup);
        assertTrue(cold.equals("[]") || millis >= StatisticsWarmup.MAX_NANOS / 1_000_000,
                "statistics without top-tier code at the first tactic call (" + cold + ") though the warmup ended "
                        + "before its limit: " + warmup);
    }

    @Test
    void warmsOncePerJvm() {
        StatisticsWarmup.ensure();
        assertNotNull(StatisticsWarmup.done());
        assertNull(StatisticsWarmup.ensure(), "warmed already: nothing more to do");
    }

    @Test
    void namesTheMethodsAsTheCodeListDoes() {
        assertEquals(List.of("dev.autotune4j.measure.Confidence.ofMedians([DI[DI)Ldev/autotune4j/measure/Confidence$Ratio;",
                "dev.autotune4j.measure.Confidence.median([D)D"), StatisticsWarmup.methods());
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in: " + out)).substring(prefix.length());
    }
}
