package dev.autotune4j.binding;

import java.util.List;

/**
 * A neutral model of a class's {@code @Tunable} declarations, built either by reflection (the runtime, at
 * bootstrap) or from ByteBuddy's type descriptions (the agent, while the class loads, before it exists as a
 * {@code Class}), so that one {@link DeclarationCheck} judges both. Types are JVM descriptors
 * ({@code [[F}, {@code I}, {@code Ljava/util/List;}).
 */
public final class Declarations {
    private Declarations() {
    }

    /** A class and its declared methods. */
    public record ClassDecl(String name, List<MethodDecl> methods) {
    }

    /**
     * One declared method.
     *
     * @param params          parameter descriptors
     * @param tunable         its {@code @Tunable}, or null
     * @param tactic          the {@code @Tactic} on its last parameter, or null
     * @param lastParamIsEnum whether the last parameter's type is an enum
     */
    public record MethodDecl(String name, boolean isStatic, List<String> params, String returnType,
                             TunableDecl tunable, TacticDecl tactic, boolean lastParamIsEnum) {

        /** {@code name(float[][], int)} for messages. */
        public String signature() {
            StringBuilder sb = new StringBuilder(name).append('(');
            for (int i = 0; i < params.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(readable(params.get(i)));
            }
            return sb.append(')').toString();
        }
    }

    /** The values of a {@code @Tunable}. */
    public record TunableDecl(String op, List<DynamicDecl> dynamic, List<ConstraintDecl> constraints,
                              long tuneMaxSize, int warmup, int repeat, boolean coldCache, int[] outputs,
                              double atol, double rtol) {
    }

    /** The values of a {@code @Dynamic}. */
    public record DynamicDecl(int arg, int dim, long[] buckets, long powersOfTwoUpTo, String bucketsMethod,
                              String map, long roundUpTo, String mapMethod) {
    }

    /** The values of a {@code @Constraint}. */
    public record ConstraintDecl(int arg, int dim, String method) {
    }

    /** The values of a {@code @Tactic}. */
    public record TacticDecl(int[] values, int from, int to, String provider) {
        public boolean hasRange() {
            return to != -1 && to >= from;
        }
    }

    /** A descriptor as Java source writes it: {@code [[F} is {@code float[][]}. */
    public static String readable(String descriptor) {
        int dims = 0;
        while (descriptor.charAt(dims) == '[') {
            dims++;
        }
        String base;
        char c = descriptor.charAt(dims);
        switch (c) {
            case 'Z': base = "boolean"; break;
            case 'B': base = "byte"; break;
            case 'C': base = "char"; break;
            case 'S': base = "short"; break;
            case 'I': base = "int"; break;
            case 'J': base = "long"; break;
            case 'F': base = "float"; break;
            case 'D': base = "double"; break;
            case 'V': base = "void"; break;
            default:
                base = descriptor.substring(dims + 1, descriptor.length() - 1).replace('/', '.');
        }
        return base + "[]".repeat(dims);
    }
}
