package dev.autotune4j.control;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autotune4j.ChildJava;
import dev.autotune4j.dispatch.AutoTuner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With no SLF4J provider on the classpath, warnings and errors a user has to see still reach stderr (issue 13,
 * item 1): a mistyped mode, a bad number, an unknown setting.
 */
class WithoutLoggingProviderTest {

    @Test
    void warningsAndErrorsReachStderrWithoutAProvider(@TempDir Path dir) throws Exception {
        List<String> cp = new ArrayList<>();
        for (Class<?> c : List.of(NoLoggingProviderApp.class, AutoTuner.class, ObjectMapper.class, JsonFactory.class,
                JsonAutoDetect.class, LoggerFactory.class)) {
            cp.add(ChildJava.codeSource(c));
        }
        ChildJava.Result r = ChildJava.run(dir, 60, List.of("-Xmx64m", "-Dautotune4j.mode=tunee",
                "-Dautotune4j.repeat=abc", "-Dautotune4j.opbudgetms=5", "-cp", String.join(File.pathSeparator, cp),
                NoLoggingProviderApp.class.getName()));
        String err = r.stderr();
        assertEquals(0, r.exit(), err);
        assertTrue(err.contains("No SLF4J providers were found"), "the child really has no provider: " + err);
        assertTrue(err.contains("[ERROR] autotune4j: unknown autotune4j mode 'tunee'"), err);
        assertTrue(err.contains("[ERROR] autotune4j: setting autotune4j.repeat=abc"), err);
        assertTrue(err.contains("[WARN] autotune4j: -Dautotune4j.opbudgetms is not a setting: did you mean "
                + "autotune4j.opBudgetMs?"), err);
        assertEquals("mode=REPLAY", r.stdout().trim());
    }
}
