package dev.autotune4j.dispatch;

import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureReplayTest {

    /** Adds a tactic-dependent amount, so the output shows which tactic ran. */
    record AddRunner(String name, List<Integer> tactics) implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return tactics;
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            int x = (Integer) inputs[0];
            return tactic == FALLBACK ? x : x + (Integer) tactic;
        }
    }

    private final AutoTuner tuner = Tuners.quick();
    private final List<AddRunner> first = List.of(new AddRunner("a", List.of(10, 20)));
    private final List<AddRunner> second = List.of(new AddRunner("b", List.of(1, 2)), new AddRunner("c", List.of(3)));
    private final TuningConfig config = TuningConfig.defaults();

    private int twoOps(int x) throws Exception {
        int y = (Integer) tuner.chooseOne("first", first, config, x).run(new Object[] {x});
        return (Integer) tuner.chooseOne("second", second, config, y).run(new Object[] {y});
    }

    /** Ported from TensorRT-LLM {@code test_autotuner.py::test_kernel_testing_single_context}. */
    @Test
    void oneContextReplaysEveryRunnerAndTactic() throws Exception {
        Capture capture;
        try (Capture c = tuner.capture()) {
            capture = c;
            tuner.chooseOne("second", second, config, 5).run(new Object[] {5});
        }
        List<List<Choice>> combinations = capture.combinations();
        assertEquals(3, combinations.size());
        List<Integer> outputs = new ArrayList<>();
        for (List<Choice> combination : combinations) {
            try (Capture.Replay r = capture.replay(combination)) {
                outputs.add((Integer) tuner.chooseOne("second", second, config, 5).run(new Object[] {5}));
            }
        }
        assertEquals(List.of(6, 7, 8), outputs);
    }

    /** Ported from TensorRT-LLM {@code test_autotuner.py::test_kernel_testing_multiple_contexts}. */
    @Test
    void twoContextsGiveTwoTimesThreeCombinations() throws Exception {
        Capture capture;
        try (Capture c = tuner.capture()) {
            capture = c;
            twoOps(0);
        }
        assertEquals(List.of("first", "second"), capture.ops());
        List<List<Choice>> combinations = capture.combinations();
        assertEquals(6, combinations.size());
        List<Integer> outputs = new ArrayList<>();
        for (List<Choice> combination : combinations) {
            try (Capture.Replay r = capture.replay(combination)) {
                outputs.add(twoOps(0));
            }
        }
        assertEquals(List.of(11, 12, 13, 21, 22, 23), outputs);
        // outside the replay, the normal dispatch is back (replay mode, nothing tuned: fallback)
        assertEquals(0, twoOps(0));
    }

    /** Ported from TensorRT-LLM {@code test_autotuner.py::test_kernel_testing_mismatched_ops}. */
    @Test
    void replayOfAnotherOpNamesBothOps() throws Exception {
        Capture capture;
        try (Capture c = tuner.capture()) {
            capture = c;
            twoOps(0);
        }
        try (Capture.Replay r = capture.replay(capture.combinations().get(0))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> tuner.chooseOne("second", second, config, 0));
            assertTrue(e.getMessage().contains("'first'") && e.getMessage().contains("'second'"), e.getMessage());
        }
    }

    @Test
    void emptyCaptureSaysHowToUseIt() {
        Capture capture;
        try (Capture c = tuner.capture()) {
            capture = c;
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, capture::combinations);
        assertTrue(e.getMessage().contains("nothing was captured"));
    }
}
