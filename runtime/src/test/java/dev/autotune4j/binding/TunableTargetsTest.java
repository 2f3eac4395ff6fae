package dev.autotune4j.binding;

import dev.autotune4j.control.AgentProtocol;
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
        assertTrue(List.of(System.getProperty(AgentProtocol.TARGETS).split(AgentProtocol.TARGETS_SEPARATOR)).contains(expected),
                System.getProperty(AgentProtocol.TARGETS));
        TunableTargets.Target t = TunableTargets.lookup(Library.class, Library.class.getDeclaredMethod("work", int[].class, long.class));
        assertNotNull(t);
        assertEquals("TunableTargetsTest$Library#work", t.op(), "default op name");
        // registering twice does not repeat it in the property
        TunableTargets.register(Library.class.getName(), "work", List.of(int[].class, long.class), "x",
                TuningConfig.defaults(), List.of(Runners.of("fast", List.of(1), (in, t2) -> 0)));
        assertEquals(1, List.of(System.getProperty(AgentProtocol.TARGETS).split(AgentProtocol.TARGETS_SEPARATOR)).stream()
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

    /**
     * A registered instance method's config counts declared parameters; the runtime's inputs start with the receiver.
     * Every index moves by one, and the answer check's outputs and tolerances survive the move (they were dropped).
     */
    @Test
    void aConfigShiftedPastTheReceiverKeepsItsOutputsAndTolerances() {
        TuningConfig declared = TuningConfig.builder()
                .dynamic(0, 0, dev.autotune4j.api.Buckets.of(1, 2), dev.autotune4j.api.Buckets.nextPowerOfTwo())
                .outputs(1).tolerance(0.25, 0.5).repeat(7).build();
        TuningConfig shifted = MethodBinder.shifted(declared, 1);
        assertEquals(1, shifted.dynamicDims().get(0).input());
        assertEquals(List.of(2), java.util.Arrays.stream(shifted.outputs()).boxed().toList());
        assertEquals(0.25, shifted.atol());
        assertEquals(0.5, shifted.rtol());
        assertEquals(7, shifted.repeat());
        assertTrue(Double.isNaN(MethodBinder.shifted(TuningConfig.builder().outputs(0).build(), 1).atol()),
                "no tolerance given: the types' defaults still apply");
    }
}
