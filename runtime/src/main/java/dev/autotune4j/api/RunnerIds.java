package dev.autotune4j.api;

import java.lang.reflect.RecordComponent;
import java.util.StringJoiner;

/** The default {@link Runner#id()}: a record's component values, otherwise the empty string. */
final class RunnerIds {
    private RunnerIds() {
    }

    static String defaultId(Runner runner) {
        Class<?> type = runner.getClass();
        if (!type.isRecord()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner(",", "(", ")");
        for (RecordComponent component : type.getRecordComponents()) {
            try {
                component.getAccessor().setAccessible(true);
                joiner.add(component.getName() + "=" + component.getAccessor().invoke(runner));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot read record component " + component.getName()
                        + " of runner " + type.getName() + " for its id; override Runner.id()", e);
            }
        }
        return joiner.toString();
    }
}
