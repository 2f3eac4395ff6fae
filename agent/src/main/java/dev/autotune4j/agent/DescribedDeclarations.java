package dev.autotune4j.agent;

import dev.autotune4j.control.AgentProtocol;
import dev.autotune4j.binding.Declarations.ClassDecl;
import dev.autotune4j.binding.Declarations.ConstraintDecl;
import dev.autotune4j.binding.Declarations.DynamicDecl;
import dev.autotune4j.binding.Declarations.MethodDecl;
import dev.autotune4j.binding.Declarations.TacticDecl;
import dev.autotune4j.binding.Declarations.TunableDecl;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the declaration model from ByteBuddy's description of a class that is being loaded, so the
 * declarations are checked before the class exists, without loading it or the runtime.
 */
final class DescribedDeclarations {
    static final String TUNABLE = AgentProtocol.TUNABLE.replace('/', '.');
    static final String TACTIC = AgentProtocol.TACTIC.replace('/', '.');

    private DescribedDeclarations() {
    }

    static ClassDecl of(TypeDescription type) {
        List<MethodDecl> methods = new ArrayList<>();
        for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
            if (m.isMethod()) {
                methods.add(of(m));
            }
        }
        return new ClassDecl(type.getName(), methods);
    }

    static MethodDecl of(MethodDescription m) {
        List<String> params = new ArrayList<>();
        for (ParameterDescription p : m.getParameters()) {
            params.add(p.getType().asErasure().getDescriptor());
        }
        AnnotationDescription tunable = find(m.getDeclaredAnnotations(), TUNABLE);
        TacticDecl tactic = null;
        boolean lastIsEnum = false;
        if (!m.getParameters().isEmpty()) {
            ParameterDescription last = m.getParameters().get(m.getParameters().size() - 1);
            AnnotationDescription a = find(last.getDeclaredAnnotations(), TACTIC);
            if (a != null) {
                tactic = new TacticDecl(a.getValue("values").resolve(int[].class), a.getValue("from").resolve(Integer.class),
                        a.getValue("to").resolve(Integer.class), a.getValue("provider").resolve(String.class));
                try {
                    lastIsEnum = last.getType().asErasure().isEnum();
                } catch (RuntimeException e) {
                    lastIsEnum = false;
                }
            }
        }
        return new MethodDecl(m.getInternalName(), m.isStatic(), params, m.getReturnType().asErasure().getDescriptor(),
                tunable == null ? null : tunable(tunable), tactic, lastIsEnum);
    }

    static boolean isTunable(MethodDescription m) {
        return find(m.getDeclaredAnnotations(), TUNABLE) != null;
    }

    private static TunableDecl tunable(AnnotationDescription a) {
        List<DynamicDecl> dynamic = new ArrayList<>();
        for (AnnotationDescription d : a.getValue("dynamic").resolve(AnnotationDescription[].class)) {
            dynamic.add(new DynamicDecl(d.getValue("arg").resolve(Integer.class), d.getValue("dim").resolve(Integer.class),
                    d.getValue("buckets").resolve(long[].class), d.getValue("powersOfTwoUpTo").resolve(Long.class),
                    d.getValue("bucketsMethod").resolve(String.class),
                    d.getValue("map").resolve(EnumerationDescription.class).getValue(),
                    d.getValue("roundUpTo").resolve(Long.class), d.getValue("mapMethod").resolve(String.class)));
        }
        List<ConstraintDecl> constraints = new ArrayList<>();
        for (AnnotationDescription c : a.getValue("constraints").resolve(AnnotationDescription[].class)) {
            constraints.add(new ConstraintDecl(c.getValue("arg").resolve(Integer.class),
                    c.getValue("dim").resolve(Integer.class), c.getValue("method").resolve(String.class)));
        }
        return new TunableDecl(a.getValue("op").resolve(String.class), dynamic, constraints,
                a.getValue("tuneMaxSize").resolve(Long.class), a.getValue("warmup").resolve(Integer.class),
                a.getValue("repeat").resolve(Integer.class), a.getValue("coldCache").resolve(Boolean.class),
                a.getValue("outputs").resolve(int[].class), a.getValue("atol").resolve(Double.class),
                a.getValue("rtol").resolve(Double.class));
    }

    private static AnnotationDescription find(AnnotationList annotations, String type) {
        for (AnnotationDescription a : annotations) {
            if (a.getAnnotationType().getName().equals(type)) {
                return a;
            }
        }
        return null;
    }
}
