package dev.autotune4j.agent;

import dev.autotune4j.control.AgentProtocol;
import dev.autotune4j.binding.DeclarationCheck;
import dev.autotune4j.binding.Declarations.ClassDecl;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds and rewrites {@code @Tunable} methods. Matching is cheap: a class's bytes are searched for the
 * annotation's descriptor before ByteBuddy parses anything, and JDK, agent, runtime and common library
 * packages are skipped by name. A method whose declaration is wrong is reported on stderr (naming the method
 * and the fix) and left alone. Methods registered without annotations ({@link TargetsProperty}) are rewritten the same
 * way, whatever their package.
 */
final class TunableTransformer implements ClassFileTransformer {
    private static final byte[] MARKER = ("L" + AgentProtocol.TUNABLE + ";").getBytes(StandardCharsets.UTF_8);
    /** Never rewritten: the JDK, the libraries the runtime and tools use, the agent itself, the runtime. */
    private static final List<String> IGNORED = Stream.concat(Stream.of("java/", "javax/", "jdk/", "sun/", "com/sun/",
            "net/bytebuddy/", "org/slf4j/", "com/fasterxml/", "org/junit/", "org/openjdk/jmh/", "org/apache/maven/",
            "kotlin/", "scala/", "dev/autotune4j/agent/"), AgentProtocol.RUNTIME_PACKAGES.stream()).toList();
    /** Loaded classes are retransformed in batches of this size, so one bad class does not hold up the rest. */
    private static final int BATCH = 50;

    private static final boolean DEBUG = Boolean.getBoolean(AgentProtocol.AGENT_DEBUG);

    /**
     * Only method bodies change: no implementation context (it would add fields or methods), methods taken as
     * declared. ByteBuddy's AgentBuilder is not used: its defaults prepare class injection the agent never
     * needs, which JDK 24+ reports as use of sun.misc.Unsafe.
     */
    private static final class Rewriter {
        /** Created on first use: loading ByteBuddy costs a few hundred ms, which a JVM with no @Tunable
         *  class never pays. */
        static final ByteBuddy BYTE_BUDDY = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
    }

    private TunableTransformer() {
    }

    /** A transformer not yet registered anywhere (for tests of the rewriting). */
    static TunableTransformer create() {
        return new TunableTransformer();
    }

    /**
     * Loads and runs the rewriting machinery once on a class of the agent's own, without installing anything. Why:
     * the first class with a {@code @Tunable} method is usually loaded by the application's first request, and
     * ByteBuddy's first rewrite (its classes loading, all interpreted) would cost that request a few hundred
     * milliseconds. The agent calls this on a background thread at start. Never throws.
     */
    static void warmUp() {
        try {
            String name = AgentArguments.class.getName();
            ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(AgentArguments.class.getClassLoader());
            TypeDescription type = TypePool.Default.of(locator).describe(name).resolve();
            Rewriter.BYTE_BUDDY.redefine(type, locator)
                    .visit(new AsmVisitorWrapper.ForDeclaredMethods().invokable(m -> false, new DispatchPrologue()))
                    .make()
                    .getBytes();
        } catch (Throwable t) {
            // only a warm-up: the first real rewrite reports its own problems
        }
    }

    static void install(Instrumentation inst) {
        TunableTransformer transformer = new TunableTransformer();
        inst.addTransformer(transformer, true);
        transformer.retransformLoaded(inst);
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        if (name == null) {
            return null;
        }
        boolean registered = TargetsProperty.isTarget(name);
        if (!registered && (ignored(name) || !contains(bytes, MARKER))) {
            return null;
        }
        try {
            if (DEBUG) {
                System.err.println("autotune4j-agent: rewriting " + name);
            }
            ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name.replace('/', '.'), bytes),
                    loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
            TypeDescription type = TypePool.Default.of(locator).describe(name.replace('/', '.')).resolve();
            ElementMatcher<MethodDescription> methods = rewritable(type, loader);
            return Rewriter.BYTE_BUDDY.redefine(type, locator)
                    .visit(new AsmVisitorWrapper.ForDeclaredMethods().invokable(methods, new DispatchPrologue()))
                    .make()
                    .getBytes();
        } catch (Throwable t) {
            System.err.println("autotune4j-agent: could not rewrite " + name.replace('/', '.') + " (" + t
                    + "); its @Tunable methods run their bodies");
            return null;
        }
    }

    /** The {@code @Tunable} methods of a type that can be rewritten; the others are reported. */
    static ElementMatcher<MethodDescription> rewritable(TypeDescription type, ClassLoader loader) {
        Set<MethodDescription> ok = new HashSet<>();
        ClassDecl decl = DescribedDeclarations.of(type);
        ClassFileVersion version = type.getClassFileVersion();
        boolean runtimeVisible = runtimeVisible(loader);
        for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
            boolean annotated = DescribedDeclarations.isTunable(m);
            boolean registered = !annotated && TargetsProperty.isTarget(type.getInternalName(), m.getInternalName(), m.getDescriptor());
            if (!annotated && !registered) {
                continue;
            }
            List<String> errors = new ArrayList<>();
            String where = (annotated ? "@Tunable " : "registered target ") + type.getName() + "." + m.getName();
            if (!m.isMethod() || m.isAbstract() || m.isNative()) {
                errors.add(where + " has no body to fall back on: put @Tunable on a concrete method");
            } else if (version != null && version.isLessThan(ClassFileVersion.JAVA_V7)) {
                errors.add(where + " is in a class file older than Java 7, which cannot hold invokedynamic: recompile it");
            } else if (!runtimeVisible) {
                errors.add(where + ": the autotune4j runtime is not visible from its class loader: add "
                        + "autotune4j-runtime to the application's classpath");
            } else if (annotated) {
                errors.addAll(DeclarationCheck.check(decl, DescribedDeclarations.of(m)));
            }
            if (errors.isEmpty()) {
                ok.add(m);
            } else {
                for (String e : errors) {
                    System.err.println("autotune4j-agent: " + e + " (the method runs its body)");
                }
            }
        }
        reportUnmatched(type);
        return ok::contains;
    }

    /**
     * Registered methods of this class that match no declared method (most often a registration by the type of
     * the values passed rather than the declared, erased parameter type) are reported, naming the overloads.
     */
    private static void reportUnmatched(TypeDescription type) {
        for (String registered : TargetsProperty.methodsOf(type.getInternalName())) {
            String name = registered.substring(0, registered.indexOf('('));
            List<String> overloads = new ArrayList<>();
            boolean matched = false;
            for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                String descriptor = m.getDescriptor();
                if (m.getInternalName().equals(name)) {
                    matched |= registered.equals(name + descriptor.substring(0, descriptor.indexOf(')') + 1));
                    overloads.add(name + "(" + String.join(", ", m.getParameters().asTypeList().asErasures().stream()
                            .map(TypeDescription::getName).toList()) + ")");
                }
            }
            if (!matched) {
                System.err.println("autotune4j-agent: registered target " + type.getName() + "#" + registered
                        + " matches no method of " + type.getName() + (overloads.isEmpty() ? " (it has no method named "
                        + name + ")" : "; its methods named " + name + " are " + String.join(", ", overloads))
                        + ": register the declared (erased) parameter types; calls run as written");
            }
        }
    }

    /** Whether the class's loader sees the runtime (the boot loader never does: JDK classes are not rewritten). */
    private static boolean runtimeVisible(ClassLoader loader) {
        return loader != null && loader.getResource(AgentProtocol.SITES + ".class") != null;
    }

    static boolean ignored(String internalName) {
        for (String prefix : IGNORED) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Retransforms the already loaded classes that declare {@code @Tunable} methods or hold methods registered
     *  for tuning ({@link TargetsProperty}): the attach case, where the application ran and registered before the agent. */
    private void retransformLoaded(Instrumentation inst) {
        List<Class<?>> targets = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            String internal = c.getName().replace('.', '/');
            if (inst.isModifiableClass(c) && !c.isArray() && !c.isPrimitive()
                    && (TargetsProperty.isTarget(internal) || !ignored(internal) && declaresTunable(c))) {
                targets.add(c);
            }
        }
        for (int from = 0; from < targets.size(); from += BATCH) {
            List<Class<?>> batch = targets.subList(from, Math.min(targets.size(), from + BATCH));
            try {
                inst.retransformClasses(batch.toArray(new Class<?>[0]));
            } catch (Throwable batchFailure) {
                for (Class<?> c : batch) {
                    try {
                        inst.retransformClasses(c);
                    } catch (Throwable t) {
                        System.err.println("autotune4j-agent: could not retransform " + c.getName() + ": " + t);
                    }
                }
            }
        }
    }

    /** Reads the class file rather than reflecting, so no class is linked or initialized to find out. */
    private static boolean declaresTunable(Class<?> c) {
        String resource = c.getName().replace('.', '/') + ".class";
        ClassLoader loader = c.getClassLoader();
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            return in != null && contains(in.readAllBytes(), MARKER);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
