package dev.autotune4j.binding;

import dev.autotune4j.api.Constraint;
import dev.autotune4j.api.Dynamic;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;
import dev.autotune4j.binding.Declarations.ClassDecl;
import dev.autotune4j.binding.Declarations.ConstraintDecl;
import dev.autotune4j.binding.Declarations.DynamicDecl;
import dev.autotune4j.binding.Declarations.MethodDecl;
import dev.autotune4j.binding.Declarations.TacticDecl;
import dev.autotune4j.binding.Declarations.TunableDecl;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link Declarations} model of a loaded class by reflection. */
final class ReflectiveDeclarations {
    private ReflectiveDeclarations() {
    }

    public static ClassDecl of(Class<?> type) {
        List<MethodDecl> methods = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            methods.add(of(m));
        }
        return new ClassDecl(type.getName(), methods);
    }

    public static MethodDecl of(Method m) {
        List<String> params = new ArrayList<>();
        for (Class<?> p : m.getParameterTypes()) {
            params.add(p.descriptorString());
        }
        Tunable t = m.getAnnotation(Tunable.class);
        TacticDecl tactic = null;
        boolean lastIsEnum = false;
        int n = m.getParameterCount();
        if (n > 0) {
            Tactic a = m.getParameters()[n - 1].getAnnotation(Tactic.class);
            if (a != null) {
                tactic = new TacticDecl(a.values(), a.from(), a.to(), a.provider());
            }
            lastIsEnum = m.getParameterTypes()[n - 1].isEnum();
        }
        return new MethodDecl(m.getName(), Modifier.isStatic(m.getModifiers()), params,
                m.getReturnType().descriptorString(), t == null ? null : of(t), tactic, lastIsEnum);
    }

    static TunableDecl of(Tunable t) {
        List<DynamicDecl> dynamic = new ArrayList<>();
        for (Dynamic d : t.dynamic()) {
            dynamic.add(new DynamicDecl(d.arg(), d.dim(), d.buckets(), d.powersOfTwoUpTo(), d.bucketsMethod(),
                    d.map().name(), d.roundUpTo(), d.mapMethod()));
        }
        List<ConstraintDecl> constraints = new ArrayList<>();
        for (Constraint c : t.constraints()) {
            constraints.add(new ConstraintDecl(c.arg(), c.dim(), c.method()));
        }
        return new TunableDecl(t.op(), dynamic, constraints, t.tuneMaxSize(), t.warmup(), t.repeat(), t.coldCache(),
                t.outputs(), t.atol(), t.rtol());
    }
}
