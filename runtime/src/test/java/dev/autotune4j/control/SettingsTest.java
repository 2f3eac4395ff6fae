package dev.autotune4j.control;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Setting names (issue 13, item 3): OpenTelemetry's convention for variables, and no typo ignored in silence. */
class SettingsTest {

    @Test
    void variablesFollowOpenTelemetrysConvention() {
        assertEquals("AUTOTUNE4J_MODE", Settings.envName("autotune4j.mode"));
        assertEquals("AUTOTUNE4J_OP_BUDGET_MS", Settings.envName("autotune4j.opBudgetMs"));
        assertEquals("AUTOTUNE4J_TACTIC_TIMEOUT_MS", Settings.envName("autotune4j.tacticTimeoutMs"));
        assertEquals("AUTOTUNE4J_CACHE_MAX_MB", Settings.envName("autotune4j.cacheMaxMb"));
    }

    @Test
    void unknownPropertiesAndVariablesAreNamedWithWhatTheyMayHaveMeant() {
        List<String> unknown = Settings.unknown(Map.of("autotune4j.opbudgetms", "1", "autotune4j.mode", "tune",
                        "autotune4j.targets", "x", "other.key", "y"),
                Map.of("AUTOTUNE4J_OPBUDGETMS", "5", "AUTOTUNE4J_OP_BUDGET_MS", "5", "AUTOTUNE4J_FOO", "1", "PATH", "/bin"));
        assertEquals(List.of(
                "-Dautotune4j.opbudgetms is not a setting: did you mean autotune4j.opBudgetMs?",
                "AUTOTUNE4J_FOO is not a setting; the settings are " + Settings.KNOWN,
                "AUTOTUNE4J_OPBUDGETMS is not a setting: did you mean AUTOTUNE4J_OP_BUDGET_MS?"), unknown);
    }
}
