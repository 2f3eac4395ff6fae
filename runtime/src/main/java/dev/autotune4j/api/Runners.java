package dev.autotune4j.api;

import java.util.List;
import java.util.Objects;

/**
 * Runners from lambdas, for code that cannot be annotated (a third-party class): the same runner/tactic model
 * as {@link Tunable}, registered with {@code AutoTuner.op(name, runners, config)}.
 *
 * <pre>{@code
 * TunableOp gemm = AutoTuner.get().op("vendor-gemm", List.of(
 *         Runners.fallback("naive", in -> Vendor.gemm((float[][]) in[0], (float[][]) in[1])),
 *         Runners.of("blocked", List.of(16, 64), (in, block) -> Vendor.gemmBlocked((float[][]) in[0], (float[][]) in[1], (Integer) block))),
 *     config);
 * float[][] c = (float[][]) gemm.run(a, b);
 * }</pre>
 */
public final class Runners {
    private Runners() {
    }

    /** Runs the inputs; may throw. */
    @FunctionalInterface
    public interface Body {
        Object run(Object[] inputs) throws Exception;
    }

    /** Runs the inputs with a tactic; may throw. */
    @FunctionalInterface
    public interface TacticBody {
        Object run(Object[] inputs, Object tactic) throws Exception;
    }

    /** Gives the valid tactics for the inputs. */
    @FunctionalInterface
    public interface TacticSource {
        List<?> valid(Object[] inputs);
    }

    /** A runner with no tactics of its own: as the first runner, its body is the op's fallback. */
    public static Runner fallback(String id, Body body) {
        Objects.requireNonNull(body, "body");
        return new Lambda(id, inputs -> List.of(), (inputs, tactic) -> body.run(inputs));
    }

    /** A runner whose tactics are always these. */
    public static Runner of(String id, List<?> tactics, TacticBody body) {
        List<?> copy = List.copyOf(tactics);
        return new Lambda(id, inputs -> copy, body);
    }

    /** A runner whose valid tactics depend on the inputs. */
    public static Runner of(String id, TacticSource tactics, TacticBody body) {
        return new Lambda(id, tactics, body);
    }

    private record Lambda(String name, TacticSource tactics, TacticBody body) implements Runner {
        private Lambda {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a runner needs a non-blank id: it is part of the cache key");
            }
            Objects.requireNonNull(tactics, "tactics");
            Objects.requireNonNull(body, "body");
        }

        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return tactics.valid(inputs);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) throws Exception {
            return body.run(inputs, tactic);
        }

        @Override
        public String id() {
            return name;
        }

        @Override
        public String toString() {
            return "Runner[" + name + "]";
        }
    }
}
