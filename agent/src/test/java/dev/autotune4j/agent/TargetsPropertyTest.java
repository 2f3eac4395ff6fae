package dev.autotune4j.agent;

import dev.autotune4j.api.Runners;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.testapp.MatrixLib;
import dev.autotune4j.binding.TunableTargets;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent reads the targets exactly as the runtime writes them, for every kind of parameter type. */
class TargetsPropertyTest {

    @Test
    void theAgentFindsTargetsOfEverySignatureTheRuntimeRegisters() {
        String owner = "com/vendor/Ops";
        List<List<Class<?>>> signatures = List.of(
                List.of(MatrixLib.Matrix.class, MatrixLib.Matrix.class, MatrixLib.Matrix.class),
                List.of(Object[].class, String.class),
                List.of(List.class, int.class),
                List.of(double[][].class),
                List.of());
        for (List<Class<?>> params : signatures) {
            TunableTargets.register("com.vendor.Ops", "op", params, null, TuningConfig.defaults(),
                    List.of(Runners.of("r", List.of(1), (in, t) -> null)));
        }
        assertTrue(TargetsProperty.isTarget(owner));
        assertTrue(TargetsProperty.isTarget(owner, "op", "(Ldev/autotune4j/testapp/MatrixLib$Matrix;"
                + "Ldev/autotune4j/testapp/MatrixLib$Matrix;Ldev/autotune4j/testapp/MatrixLib$Matrix;)V"));
        assertTrue(TargetsProperty.isTarget(owner, "op", "([Ljava/lang/Object;Ljava/lang/String;)I"));
        assertTrue(TargetsProperty.isTarget(owner, "op", "(Ljava/util/List;I)Ljava/lang/Object;"));
        assertTrue(TargetsProperty.isTarget(owner, "op", "([[D)[[D"));
        assertTrue(TargetsProperty.isTarget(owner, "op", "()V"));
        assertFalse(TargetsProperty.isTarget(owner, "op", "(Ljava/util/ArrayList;I)V"), "the declared type, not a subtype");
        assertEquals(5, TargetsProperty.methodsOf(owner).size());
    }
}
