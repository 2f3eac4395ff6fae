package dev.autotune4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A dynamic dimension of a {@link Tunable} method: dimension {@link #dim} of argument {@link #arg} is tuned
 * at a set of buckets, and a live size is served by the bucket {@link #map} sends it to.
 *
 * <p><b>Buckets</b>, exactly one of: {@link #buckets} (an explicit list), {@link #powersOfTwoUpTo} (1, 2, 4, ...
 * up to that maximum), {@link #bucketsMethod} (a static method of the class, {@code long[] name(long size)},
 * given the live size or the cap). <b>Map</b>: {@link #map}, with {@link #roundUpTo} for
 * {@link MapScheme#ROUND_UP}, or {@link #mapMethod} (a static method {@code long name(long size)}).
 *
 * <p>Argument indices count the method's declared parameters from 0 ({@code this} is not one). For an
 * array, dim 0 is its length (rows) and dim 1 the length of its first row; an {@code int} or {@code long}
 * argument is one dimension, its value.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Dynamic {

    /** Index of the argument. */
    int arg();

    /** Index of the dimension within the argument. */
    int dim() default 0;

    /** Explicit buckets. */
    long[] buckets() default {};

    /** Buckets 1, 2, 4, ... up to this maximum. */
    long powersOfTwoUpTo() default 0;

    /** Name of a static method {@code long[] name(long size)} of the class giving the buckets. */
    String bucketsMethod() default "";

    /** How a live size maps to its bucket. */
    MapScheme map() default MapScheme.NEXT_POWER_OF_TWO;

    /** The multiple for {@link MapScheme#ROUND_UP}. */
    long roundUpTo() default 0;

    /** Name of a static method {@code long name(long size)} of the class mapping a size to its bucket;
     *  overrides {@link #map}. */
    String mapMethod() default "";
}
