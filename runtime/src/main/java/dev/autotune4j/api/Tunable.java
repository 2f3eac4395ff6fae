package dev.autotune4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose calls the autotune4j agent routes through the tuner. The method's own body is the
 * fallback: it runs when there is no tuned choice, in {@link Mode#OFF}, and whenever the agent is absent.
 *
 * <p><b>Candidates.</b> The methods of the same class with the same name, the same parameters, and one more
 * trailing parameter annotated {@link Tactic} are the runners; each value of that parameter is a tactic.
 * A candidate must return the same type as the tunable method and be static exactly when it is.
 *
 * <pre>{@code
 * @Tunable(dynamic = @Dynamic(arg = 0, dim = 0, powersOfTwoUpTo = 256))
 * static float[][] matmul(float[][] a, float[][] b) { ... }                       // the fallback
 * static float[][] matmul(float[][] a, float[][] b, @Tactic(values = {8, 32, 128}) int block) { ... }
 * static float[][] matmul(float[][] a, float[][] b, @Tactic Loop order) { ... }  // every Loop constant
 * }</pre>
 *
 * <p><b>Contract.</b> A wrong declaration (no candidate, a missing or mistyped provider method, an argument
 * index out of range, a bad bucket method) is reported on stderr when the class loads, naming the method and
 * the fix; that method then simply runs its body. The application never fails because of this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tunable {

    /** The op name: the cache key's first part. Default {@code SimpleClassName#method}. */
    String op() default "";

    /** The dimensions that vary between calls (typically the token count). */
    Dynamic[] dynamic() default {};

    /** The dimensions that follow from the others. */
    Constraint[] constraints() default {};

    /** The largest size a dynamic dimension is tuned at; larger calls use the cap's bucket. 0 = no cap. */
    long tuneMaxSize() default 0;

    /** Minimum warmup calls per tactic; -1 = the timer's default ({@code autotune4j.warmup}). */
    int warmup() default -1;

    /** Timed samples per tactic; -1 = the timer's default ({@code autotune4j.repeat}). */
    int repeat() default -1;

    /** Time tactics on rotating copies of the arguments, so caches start cold. */
    boolean coldCache() default false;

    /**
     * The arguments the method writes its result into (an output buffer), counting from 0 ({@code this}
     * excluded). The answer check ({@code autotune4j.check}) runs each candidate on its own copy of them and compares
     * them with the fallback's, as well as the return value: a {@code void} method's answer is its outputs.
     */
    int[] outputs() default {};

    /**
     * The answer check's absolute tolerance for floating-point results: a candidate's element may differ from the
     * fallback's by {@code atol + rtol * |expected|}. -1: {@code autotune4j.atol}, else the type's default
     * (float 1e-5, double 1e-9).
     */
    double atol() default -1;

    /** The answer check's relative tolerance; -1: {@code autotune4j.rtol}, else the type's default (float 1e-3, double 1e-7). */
    double rtol() default -1;
}
