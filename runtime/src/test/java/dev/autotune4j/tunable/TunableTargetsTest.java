package dev.autotune4j.tunable;

import dev.autotune4j.api.Runners;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TunableTargetsTest {
    static final class Library {
        static int work(int[] a, long n) {
            return a.length;
        }
    }

    @Test
    void registrationIsPublishedForTheAgentAndFoundByTheBinder() throws Exception {
        TunableTargets.register(Library.class.getName(), "work", List.of(int[].class, long.class), null,
                TuningConfig.defaults(), List.of(Runners.of("fast", List.of(1), (in, t) -> 0)));
        String expected = Library.class.getName().replace('.', '/') + "#work([IJ)";
        assertTrue(List.of(System.getProperty(TunableTargets.PROPERTY).split(TunableTargets.SEPARATOR)).contains(expected),
                System.getProperty(TunableTargets.PROPERTY));
        TunableTargets.Target t = TunableTargets.lookup(Library.class, Library.class.getDeclaredMethod("work", int[].class, long.class));
        assertNotNull(t);
        assertEquals("TunableTargetsTest$Library#work", t.op(), "default op name");
        // registering twice does not repeat it in the property
        TunableTargets.register(Library.class.getName(), "work", List.of(int[].class, long.class), "x",
                TuningConfig.defaults(), List.of(Runners.of("fast", List.of(1), (in, t2) -> 0)));
        assertEquals(1, List.of(System.getProperty(TunableTargets.PROPERTY).split(TunableTargets.SEPARATOR)).stream()
                .filter(expected::equals).count());
    }

    @Test
    void badRegistrationsSayWhatIsMissing() {
        IllegalArgumentException noCandidates = assertThrows(IllegalArgumentException.class, () ->
                TunableTargets.register("a.B", "m", List.of(), null, TuningConfig.defaults(), List.of()));
        assertTrue(noCandidates.getMessage().contains("needs at least one candidate runner"), noCandidates.getMessage());
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class, () ->
                TunableTargets.register(" ", "m", List.of(), null, TuningConfig.defaults(),
                        List.of(Runners.of("r", List.of(1), (in, t) -> 0))));
        assertTrue(noName.getMessage().contains("needs a class name and a method name"));
    }
}
