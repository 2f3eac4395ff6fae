package dev.autotune4j.junit;

import dev.autotune4j.api.Choice;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.Capture;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link EveryTactic}'s engine: a capture invocation, then one replay invocation per combination. The combinations
 * are known only once the capture has run, so they are produced lazily: JUnit runs the invocations of a template
 * in order as it takes them from the stream.
 */
final class EveryTacticExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(EveryTactic.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Captured captured = new Captured();
        boolean check = context.getRequiredTestMethod().getAnnotation(EveryTactic.class).checkAnswers();
        Stream<TestTemplateInvocationContext> replays = Stream.of(captured).flatMap(c -> c.combinations().stream()
                .map(combination -> invocation(describe(c.capture.ops(), combination),
                        new Replaying(c, combination, check))));
        return Stream.concat(Stream.of(invocation("capture (the code as it runs)", new Capturing(captured))), replays);
    }

    /** What the capture invocation recorded. */
    private static final class Captured {
        Capture capture;

        List<List<Choice>> combinations() {
            return capture == null || capture.size() == 0 ? List.of() : capture.combinations();
        }
    }

    private static TestTemplateInvocationContext invocation(String name, Extension around) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int index) {
                return name;
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(around);
            }
        };
    }

    /** {@code op=runner/tactic} per captured call, in call order. */
    static String describe(List<String> ops, List<Choice> combination) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < combination.size(); i++) {
            Choice c = combination.get(i);
            String runner = c.runner().id() == null || c.runner().id().isEmpty() ? c.runner().getClass().getSimpleName()
                    : c.runner().id();
            parts.add(ops.get(i) + "=" + runner + "/" + (c.isFallback() ? "FALLBACK" : String.valueOf(c.tactic())));
        }
        return String.join(", ", parts);
    }

    /** Opens a capture around the test method, on its thread. */
    private record Capturing(Captured captured) implements BeforeTestExecutionCallback, AfterTestExecutionCallback {
        @Override
        public void beforeTestExecution(ExtensionContext context) {
            captured.capture = AutoTuner.get().capture();
        }

        @Override
        public void afterTestExecution(ExtensionContext context) {
            captured.capture.close();
            if (captured.capture.size() == 0) {
                throw new AssertionError("@EveryTactic: the test made no call of an autotune4j op on its thread, so there "
                        + "is no tactic to vary (under the agent, is it loaded? with the runtime API, do the ops come "
                        + "from AutoTuner.get()?)");
            }
        }
    }

    /** Forces one combination around the test method, then checks its answers ({@link Capture#check}). */
    private static final class Replaying implements BeforeTestExecutionCallback, AfterTestExecutionCallback {
        private final Captured captured;
        private final List<Choice> combination;
        private final boolean check;
        private Capture.Replay replay;

        Replaying(Captured captured, List<Choice> combination, boolean check) {
            this.captured = captured;
            this.combination = combination;
            this.check = check;
        }

        @Override
        public void beforeTestExecution(ExtensionContext context) {
            replay = captured.capture.replay(combination);
        }

        @Override
        public void afterTestExecution(ExtensionContext context) {
            replay.close();
            List<String> wrong = check ? captured.capture.check(combination) : List.of();
            if (!wrong.isEmpty()) {
                throw new AssertionError("@EveryTactic: " + String.join("; ", wrong));
            }
        }
    }
}
