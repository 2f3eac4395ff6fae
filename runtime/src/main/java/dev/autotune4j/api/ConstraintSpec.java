package dev.autotune4j.api;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * A dimension that follows from the others (say the rows of a scale tensor equal the token count). It is
 * not tuned on its own: each profile sets it from {@code infer}, and it matches any live size when a call
 * looks up its profile.
 *
 * @param input index of the input
 * @param dim   index of the dimension within that input
 * @param infer computes the size from the profile's shapes (the {@code opt} values, {@code [input][dim]})
 */
public record ConstraintSpec(int input, int dim, ToLongFunction<long[][]> infer) {

    public ConstraintSpec {
        if (input < 0 || dim < 0) {
            throw new IllegalArgumentException("constraint needs input >= 0 and dim >= 0, got input=" + input + " dim=" + dim);
        }
        Objects.requireNonNull(infer, "infer");
    }
}
