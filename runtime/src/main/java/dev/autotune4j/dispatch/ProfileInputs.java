package dev.autotune4j.dispatch;

import dev.autotune4j.api.Profile;
import dev.autotune4j.internal.Log;
import dev.autotune4j.profile.InputSynthesizer;

import java.util.List;

/**
 * The inputs a {@link TuningPass} times a profile on. Inline, the caller's own arguments where the profile has their
 * shape, resized copies elsewhere; detached (the background tuner), always copies: a tactic run by the tuner must
 * never touch an object the caller still holds.
 */
final class ProfileInputs {
    private static final Log LOG = Log.get(TuningPass.class);

    private final TunableOp op;
    private final boolean detached;
    private final InputSynthesizer synthesizer;

    ProfileInputs(TunableOp op, boolean detached, InputSynthesizer synthesizer) {
        this.op = op;
        this.detached = detached;
        this.synthesizer = synthesizer;
    }

    /** The inputs of a profile: live arguments where the shape is unchanged, synthesized ones elsewhere. */
    Object[] prepare(Profile profile, Object[] inputs, boolean isLiveProfile) {
        long[][] target = profile.optShapes();
        Object[] out = new Object[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                continue;   // a null argument has no shape to change: every profile gets it as it is
            }
            Object built = detached ? synthesizer.detached(inputs[i], target[i]) : synthesizer.resize(inputs[i], target[i]);
            if (built == null && detached) {
                if (op.tuner.logOnce().first(List.of(op.name, "uncopyable", i))) {
                    LOG.warn("autotune4j: op '{}': input {} ({}) can be neither copied nor rebuilt, so it is not tuned in "
                            + "the background (tactics must not touch the caller's own object); implement "
                            + "dev.autotune4j.api.ShapedInput, or tune inline (autotune4j.tuning=inline)", op.name, i,
                            inputs[i].getClass().getName());
                }
                return null;
            }
            if (built == null) {
                if (isLiveProfile) {
                    return inputs.clone();
                }
                if (op.tuner.logOnce().first(List.of(op.name, "unsynthesizable", i))) {
                    LOG.info("autotune4j: op '{}': input {} ({}) cannot be built at other shapes, so only its live "
                            + "shape is tuned; implement dev.autotune4j.api.ShapedInput (or register a ShapeReader with "
                            + "withShape) to tune every bucket", op.name, i, inputs[i].getClass().getName());
                }
                return null;
            }
            out[i] = built;
        }
        return out;
    }
}
