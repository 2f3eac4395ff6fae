package dev.autotune4j.binding;

import dev.autotune4j.binding.Declarations.ClassDecl;
import dev.autotune4j.binding.Declarations.ConstraintDecl;
import dev.autotune4j.binding.Declarations.DynamicDecl;
import dev.autotune4j.binding.Declarations.MethodDecl;
import dev.autotune4j.binding.Declarations.TacticDecl;
import dev.autotune4j.binding.Declarations.TunableDecl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Judges a {@code @Tunable} declaration. Every message names the method and says how to fix it; a method
 * with any error is left alone (it runs its body).
 *
 * <p>Depends on nothing but the JDK and {@link Declarations}: the agent jar carries a relocated copy of these
 * two classes to check declarations while a class loads, when the runtime may not be visible to it.
 */
public final class DeclarationCheck {
    /** Parameter types that have a shape the dispatcher can read without knowing the class. */
    private static final Set<String> SHAPELESS_PRIMITIVES = Set.of("Z", "C", "F", "D");
    private static final Set<String> TACTIC_COLLECTIONS = Set.of("Ljava/util/List;", "Ljava/util/Collection;",
            "Ljava/util/Set;");

    private DeclarationCheck() {
    }

    /** The candidates of a tunable method: same name, its parameters plus one trailing {@code @Tactic} one. */
    public static List<MethodDecl> candidates(ClassDecl type, MethodDecl tunable) {
        List<MethodDecl> out = new ArrayList<>();
        for (MethodDecl m : type.methods()) {
            if (m.name().equals(tunable.name()) && m.tactic() != null && m.params().size() == tunable.params().size() + 1
                    && m.params().subList(0, tunable.params().size()).equals(tunable.params())) {
                out.add(m);
            }
        }
        return out;
    }

    /** Problems with the declaration of {@code method}, each a sentence naming the fix; empty when it is fine. */
    public static List<String> check(ClassDecl type, MethodDecl method) {
        List<String> errors = new ArrayList<>();
        String where = "@Tunable " + type.name() + "." + method.signature();
        TunableDecl t = method.tunable();
        List<MethodDecl> candidates = candidates(type, method);
        if (candidates.isEmpty()) {
            errors.add(where + " has no candidate: add an overload " + method.name() + "(" + params(method)
                    + (method.params().isEmpty() ? "" : ", ") + "@Tactic int tactic) returning "
                    + Declarations.readable(method.returnType()));
        }
        for (MethodDecl c : candidates) {
            checkCandidate(type, method, c, where, errors);
        }
        int n = method.params().size();
        for (DynamicDecl d : t.dynamic()) {
            String dyn = where + ": @Dynamic(arg = " + d.arg() + ", dim = " + d.dim() + ")";
            if (!checkArg(d.arg(), d.dim(), n, method, dyn, errors)) {
                continue;
            }
            int schemes = (d.buckets().length > 0 ? 1 : 0) + (d.powersOfTwoUpTo() > 0 ? 1 : 0)
                    + (d.bucketsMethod().isEmpty() ? 0 : 1);
            if (schemes != 1) {
                errors.add(dyn + " needs exactly one bucket scheme: buckets = {...}, powersOfTwoUpTo = N or "
                        + "bucketsMethod = \"name\"");
            }
            for (long b : d.buckets()) {
                if (b < 0) {
                    errors.add(dyn + " has a negative bucket " + b + ": buckets are sizes >= 0");
                    break;
                }
            }
            if (!d.bucketsMethod().isEmpty()) {
                requireStatic(type, d.bucketsMethod(), List.of("J"), "[J", "long[] " + d.bucketsMethod() + "(long size)",
                        dyn, errors);
            }
            if (!d.mapMethod().isEmpty()) {
                requireStatic(type, d.mapMethod(), List.of("J"), "J", "long " + d.mapMethod() + "(long size)", dyn, errors);
            } else if ("ROUND_UP".equals(d.map()) && d.roundUpTo() <= 0) {
                errors.add(dyn + " maps with ROUND_UP but roundUpTo is " + d.roundUpTo() + ": give roundUpTo = a positive multiple");
            }
        }
        for (ConstraintDecl c : t.constraints()) {
            String con = where + ": @Constraint(arg = " + c.arg() + ", dim = " + c.dim() + ")";
            if (!checkArg(c.arg(), c.dim(), n, method, con, errors)) {
                continue;
            }
            requireStatic(type, c.method(), List.of("[[J"), "J", "long " + c.method() + "(long[][] shapes)", con, errors);
            for (DynamicDecl d : t.dynamic()) {
                if (d.arg() == c.arg() && d.dim() == c.dim()) {
                    errors.add(con + " is also declared @Dynamic: keep one");
                }
            }
        }
        if (t.tuneMaxSize() < 0) {
            errors.add(where + " has tuneMaxSize " + t.tuneMaxSize() + ": use 0 (no cap) or a positive size");
        }
        if (t.warmup() < -1) {
            errors.add(where + " has warmup " + t.warmup() + ": use -1 (default) or a count >= 0");
        }
        if (t.repeat() == 0 || t.repeat() < -1) {
            errors.add(where + " has repeat " + t.repeat() + ": use -1 (default) or a count >= 1");
        }
        for (int o : t.outputs()) {
            if (o < 0 || o >= n) {
                errors.add(where + " has output " + o + ", out of range: " + method.name() + " has " + n
                        + " parameters (outputs count from 0, 'this' excluded)");
            } else if (method.params().get(o).length() == 1) {
                errors.add(where + " has output " + o + ", a " + Declarations.readable(method.params().get(o))
                        + " argument, which a method cannot write into: name an array or buffer argument");
            }
        }
        checkTolerance(where, "atol", t.atol(), errors);
        checkTolerance(where, "rtol", t.rtol(), errors);
        return errors;
    }

    private static void checkTolerance(String where, String name, double value, List<String> errors) {
        if (value != -1 && !(value >= 0 && !Double.isInfinite(value))) {
            errors.add(where + " has " + name + " " + value + ": use -1 (the default) or a finite tolerance >= 0");
        }
    }

    private static boolean checkArg(int arg, int dim, int n, MethodDecl method, String what, List<String> errors) {
        if (arg < 0 || arg >= n) {
            errors.add(what + " is out of range: " + method.name() + " has " + n + " parameters (arg counts from 0, "
                    + "'this' excluded)");
            return false;
        }
        if (dim < 0) {
            errors.add(what + " has a negative dim: dims count from 0");
            return false;
        }
        String p = method.params().get(arg);
        if (SHAPELESS_PRIMITIVES.contains(p)) {
            errors.add(what + " refers to a " + Declarations.readable(p) + " argument, which has no shape: use an "
                    + "array, int, long, java.nio.Buffer, Collection or a ShapedInput");
            return false;
        }
        if ((p.equals("I") || p.equals("J") || p.equals("S") || p.equals("B")) && dim != 0) {
            errors.add(what + ": an " + Declarations.readable(p) + " argument has one dim (its value): use dim = 0");
            return false;
        }
        return true;
    }

    private static void checkCandidate(ClassDecl type, MethodDecl tunable, MethodDecl c, String where, List<String> errors) {
        String cand = where + ": candidate " + c.signature();
        if (!c.returnType().equals(tunable.returnType())) {
            errors.add(cand + " returns " + Declarations.readable(c.returnType()) + ": make it return "
                    + Declarations.readable(tunable.returnType()));
        }
        if (c.isStatic() != tunable.isStatic()) {
            errors.add(cand + (tunable.isStatic() ? " must be static, as the tunable method is"
                    : " must not be static, as the tunable method is not"));
        }
        TacticDecl tactic = c.tactic();
        String last = c.params().get(c.params().size() - 1);
        if (!tactic.provider().isEmpty()) {
            MethodDecl p = find(type, tactic.provider(), tunable.params());
            if (p == null) {
                errors.add(cand + ": tactic provider '" + tactic.provider() + "' not found: declare static List<?> "
                        + tactic.provider() + "(" + params(tunable) + ") in " + type.name());
            } else if (!p.isStatic() || !(TACTIC_COLLECTIONS.contains(p.returnType()) || p.returnType().startsWith("["))) {
                errors.add(cand + ": tactic provider " + p.signature() + " must be static and return a List, Collection, "
                        + "Set or array, not " + Declarations.readable(p.returnType()));
            }
        } else if (tactic.values().length > 0 || tactic.hasRange()) {
            if (!last.equals("I") && !last.equals("Ljava/lang/Integer;") && !last.equals("Ljava/lang/Object;")) {
                errors.add(cand + ": @Tactic values or ranges are ints but the parameter is " + Declarations.readable(last)
                        + ": make it an int, or use a provider");
            }
        } else if (!c.lastParamIsEnum() && !last.equals("Z")) {
            errors.add(cand + ": the @Tactic parameter (" + Declarations.readable(last) + ") has no values: give "
                    + "@Tactic(values = {...}), a range (from, to), a provider, or make it an enum");
        }
    }

    private static void requireStatic(ClassDecl type, String name, List<String> params, String returns, String wanted,
                                      String what, List<String> errors) {
        MethodDecl m = find(type, name, params);
        if (m == null || !m.isStatic() || !m.returnType().equals(returns)) {
            errors.add(what + ": method '" + name + "' " + (m == null ? "not found" : "has the wrong form " + m.signature())
                    + ": declare static " + wanted + " in " + type.name());
        }
    }

    private static MethodDecl find(ClassDecl type, String name, List<String> params) {
        for (MethodDecl m : type.methods()) {
            if (m.name().equals(name) && m.params().equals(params)) {
                return m;
            }
        }
        return null;
    }

    private static String params(MethodDecl m) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < m.params().size(); i++) {
            sb.append(i > 0 ? ", " : "").append(Declarations.readable(m.params().get(i))).append(" a").append(i);
        }
        return sb.toString();
    }
}
