package dev.autotune4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the trailing parameter of a candidate overload of a {@link Tunable} method: each value it may take is
 * one tactic. Where the values come from, first match wins:
 * <ol>
 *   <li>{@link #provider}: a static method of the class taking the tunable method's parameters (the live
 *       arguments) and returning the valid tactics as a {@code List}, {@code Collection} or array;</li>
 *   <li>{@link #values}: these ints;</li>
 *   <li>{@link #from} .. {@link #to}: every int in the range, both ends included;</li>
 *   <li>the parameter's type: every constant of an enum, or {@code false, true} for a boolean.</li>
 * </ol>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Tactic {

    /** Explicit int tactics. */
    int[] values() default {};

    /** First int of a range of tactics (with {@link #to}). */
    int from() default 0;

    /** Last int of a range of tactics, included; a range is used when {@code to >= from} and {@code to != -1}. */
    int to() default -1;

    /** Name of a static method of the class returning the valid tactics for the live arguments. */
    String provider() default "";
}
