package dev.autotune4j.junit;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test method once per combination of the (runner, tactic) choices its code reaches, so one test checks
 * every kernel variant against its own assertion (the fallback's answer, a reference).
 *
 * <p><b>Contract.</b> The first invocation, named {@code capture}, runs the test as it is (each op's cached choice,
 * or its fallback where nothing is tuned) and records, on the test's
 * thread, each call of an op of the process-wide tuner ({@code AutoTuner.get()}: annotated methods under the
 * agent, or ops of the runtime API). A test that makes no such call fails there, saying so. Then the test runs once
 * per combination of the captured calls' valid (runner, tactic) pairs (each runner's {@code validTactics}), the i-th call getting the combination's
 * i-th choice; each invocation is named by its combination ({@code scale=unrolled/4, sum=buggy/99}), so a failure
 * names the tactics that produced it. A replayed run that calls the ops in another order fails with both op names.
 *
 * <p><b>The answer check.</b> Each replayed invocation also compares each call's chosen tactic with the fallback on
 * the inputs the capture recorded, by the rule tuning uses ({@code SameAnswer}: the op's tolerances, its output
 * arguments, registered {@code AnswerType}s), and fails naming the call and where the answers differ, so a wrong
 * tactic fails even where the test's own assertion is loose. {@link #checkAnswers() checkAnswers = false} leaves
 * the verdict to the test's assertions alone.
 *
 * <p>The test must call the ops on its own thread and in the same order every time (the choices are matched by
 * position). The number of invocations is the product of the calls' choice counts: keep the captured block small.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(EveryTacticExtension.class)
public @interface EveryTactic {

    /** Whether each replayed invocation also checks every chosen tactic's answer against the fallback's. */
    boolean checkAnswers() default true;
}
