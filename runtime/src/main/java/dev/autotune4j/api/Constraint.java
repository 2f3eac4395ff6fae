package dev.autotune4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A dimension of a {@link Tunable} method that follows from the others (say the length of a scale vector
 * equals the rows of the input): each tuned profile sets it with {@link #method}, and it matches any live
 * size when a call looks up its profile.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Constraint {

    /** Index of the argument. */
    int arg();

    /** Index of the dimension within the argument. */
    int dim() default 0;

    /** Name of a static method {@code long name(long[][] shapes)} of the class: given every argument's
     *  shape in the profile ({@code shapes[arg][dim]}), the size of this dimension. */
    String method();
}
