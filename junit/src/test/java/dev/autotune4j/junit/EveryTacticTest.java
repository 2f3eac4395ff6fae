package dev.autotune4j.junit;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/** {@link EveryTactic} run for real through the JUnit launcher, its invocations and outcomes observed. */
class EveryTacticTest {

    /** Display name of each invocation to its outcome, for one fixture method. */
    private static Map<String, TestExecutionResult> run(String method) {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(ScaleAndSumFixture.class, method)).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    results.put(id.getDisplayName(), result);
                }
            }
        });
        return results;
    }

    @Test
    void everyCombinationRunsOnceNamedByItsTacticsAndTheWrongOnesFail() {
        Map<String, TestExecutionResult> results = run("scaleThenSum");
        assertEquals(5, results.size(), "the capture and 2 x 2 combinations: " + results.keySet());
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, results.get("capture (the code as it runs)").getStatus());
        List<String> failed = results.entrySet().stream()
                .filter(e -> e.getValue().getStatus() == TestExecutionResult.Status.FAILED).map(Map.Entry::getKey).sorted()
                .toList();
        assertEquals(List.of("fixture-scale=unrolled/2, fixture-sum=buggy/99",
                "fixture-scale=unrolled/4, fixture-sum=buggy/99"), failed, "each failure names the tactics");
        assertEquals(TestExecutionResult.Status.SUCCESSFUL,
                results.get("fixture-scale=unrolled/4, fixture-sum=buggy/1").getStatus());
    }

    /** The same rule as tuning (issue 15): a wrong tactic fails even where the test asserts nothing of its answer. */
    @Test
    void theSharedAnswerCheckFailsAWrongTacticTheTestsOwnAssertionMisses() {
        Map<String, TestExecutionResult> results = run("sumWithALooseAssertion");
        assertEquals(3, results.size(), results.keySet().toString());
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, results.get("fixture-sum=buggy/1").getStatus());
        TestExecutionResult wrong = results.get("fixture-sum=buggy/99");
        assertEquals(TestExecutionResult.Status.FAILED, wrong.getStatus());
        assertEquals("@EveryTactic: fixture-sum (call 0): buggy/99: does not compute the fallback's answer: 10 expected, "
                + "11 returned", wrong.getThrowable().orElseThrow().getMessage());
        Map<String, TestExecutionResult> unchecked = run("sumUnchecked");
        assertTrue(unchecked.values().stream().allMatch(r -> r.getStatus() == TestExecutionResult.Status.SUCCESSFUL),
                "checkAnswers = false: only the test's assertions decide " + unchecked);
    }

    @Test
    void aTestThatCallsNoOpFailsSayingSo() {
        Map<String, TestExecutionResult> results = run("noOpCalled");
        assertEquals(1, results.size(), results.keySet().toString());
        TestExecutionResult capture = results.get("capture (the code as it runs)");
        assertEquals(TestExecutionResult.Status.FAILED, capture.getStatus());
        assertTrue(capture.getThrowable().orElseThrow().getMessage().contains("made no call of an autotune4j op"),
                capture.getThrowable().toString());
    }
}
