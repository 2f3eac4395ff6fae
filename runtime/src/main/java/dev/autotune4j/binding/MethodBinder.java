package dev.autotune4j.binding;

import dev.autotune4j.api.BucketGenerator;
import dev.autotune4j.api.BucketMap;
import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.DynamicDimSpec;
import dev.autotune4j.api.MapScheme;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.binding.Declarations.ClassDecl;
import dev.autotune4j.binding.Declarations.ConstraintDecl;
import dev.autotune4j.binding.Declarations.DynamicDecl;
import dev.autotune4j.binding.Declarations.MethodDecl;
import dev.autotune4j.binding.Declarations.TacticDecl;
import dev.autotune4j.binding.Declarations.TunableDecl;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Turns a {@code @Tunable} method into an op: its body as runner 0, each candidate overload as a runner,
 * the annotation's values as a {@link TuningConfig}. Uses the declaring class's own {@link MethodHandles.Lookup},
 * so private methods are reachable.
 */
final class MethodBinder {
    private MethodBinder() {
    }

    static void bind(RewrittenMethod site, MethodHandles.Lookup lookup, Method method, AutoTuner tuner)
            throws ReflectiveOperationException {
        TunableTargets.Target target = method.isAnnotationPresent(dev.autotune4j.api.Tunable.class) ? null
                : TunableTargets.lookup(lookup.lookupClass(), method);
        if (target != null) {
            bindTarget(site, lookup, method, target, tuner);
            return;
        }
        Class<?> owner = lookup.lookupClass();
        ClassDecl type = ReflectiveDeclarations.of(owner);
        MethodDecl decl = ReflectiveDeclarations.of(method);
        List<String> errors = DeclarationCheck.check(type, decl);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        boolean isStatic = Modifier.isStatic(method.getModifiers());
        int receivers = isStatic ? 0 : 1;
        int inputs = method.getParameterCount() + receivers;

        List<Runner> runners = new ArrayList<>();
        MethodHandle body = lookup.unreflect(method);
        runners.add(new MethodRunners.Body(site, MethodRunners.spread(body, inputs, false), owner.getName(),
                method.getName() + MethodType.methodType(method.getReturnType(), method.getParameterTypes()).toMethodDescriptorString()));
        List<MethodHandle> calls = new ArrayList<>();
        calls.add(null);
        for (Method candidate : candidates(owner, method)) {
            MethodHandle call = lookup.unreflect(candidate);
            calls.add(call);
            MethodDecl cd = ReflectiveDeclarations.of(candidate);
            runners.add(new MethodRunners.Candidate(MethodRunners.spread(call, inputs, true),
                    tactics(lookup, owner, method, candidate, cd.tactic()), receivers, owner.getName(),
                    candidate.getName() + MethodType.methodType(candidate.getReturnType(), candidate.getParameterTypes())
                            .toMethodDescriptorString()));
        }
        TunableDecl t = decl.tunable();
        String opName = t.op().isEmpty() ? owner.getSimpleName() + "#" + method.getName() : t.op();
        site.bind(tuner.op(opName, runners, config(lookup, owner, t, receivers)), calls.toArray(new MethodHandle[0]),
                inputs);
    }

    /** A registered method ({@link TunableTargets}): its body, then the registered candidates. */
    private static void bindTarget(RewrittenMethod site, MethodHandles.Lookup lookup, Method method,
                                   TunableTargets.Target target, AutoTuner tuner) throws ReflectiveOperationException {
        Class<?> owner = lookup.lookupClass();
        int receivers = Modifier.isStatic(method.getModifiers()) ? 0 : 1;
        int inputs = method.getParameterCount() + receivers;
        MethodHandle body = lookup.unreflect(method);
        List<Runner> runners = new ArrayList<>();
        runners.add(new MethodRunners.Body(site, MethodRunners.spread(body, inputs, false), owner.getName(),
                method.getName() + MethodType.methodType(method.getReturnType(), method.getParameterTypes()).toMethodDescriptorString()));
        List<MethodHandle> calls = new ArrayList<>();
        calls.add(null);
        MethodType withTactic = body.type().appendParameterTypes(Object.class);   // (recv?, args..., tactic) -> R
        for (Runner r : target.candidates()) {
            runners.add(r);
            calls.add(RUN.bindTo(r).asCollector(0, Object[].class, inputs).asType(withTactic));
        }
        if (target.candidateMethods() != null) {
            Class<?> kernels = target.candidateMethods();
            MethodHandles.Lookup kernelLookup = MethodHandles.privateLookupIn(kernels, MethodHandles.lookup());
            List<Method> found = targetCandidates(target, method);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("registered target " + owner.getName() + "." + method.getName() + ": "
                        + kernels.getName() + " has no static method " + method.getName() + "(" + (receivers == 0 ? ""
                        : owner.getSimpleName() + ", ") + readable(method.getParameterTypes()) + ", @Tactic ...) returning "
                        + method.getReturnType().getSimpleName());
            }
            for (Method candidate : found) {
                Class<?>[] types = candidate.getParameterTypes();
                MethodHandle call = kernelLookup.unreflect(candidate)
                        .asType(body.type().appendParameterTypes(types[types.length - 1]));
                calls.add(call);
                MethodDecl cd = ReflectiveDeclarations.of(candidate);
                runners.add(new MethodRunners.Candidate(MethodRunners.spread(call, inputs, true),
                        tactics(kernelLookup, kernels, Arrays.copyOf(types, types.length - 1), types[types.length - 1],
                                cd.tactic()), 0, kernels.getName(),
                        candidate.getName() + MethodType.methodType(candidate.getReturnType(), types).toMethodDescriptorString()));
            }
        }
        site.bind(tuner.op(target.op(), runners, shifted(target.config(), receivers)), calls.toArray(new MethodHandle[0]),
                inputs);
    }

    /**
     * The candidate methods of a target registered with a class of methods: static, named like the target, its
     * parameters (after the receiver's type, or a supertype of it, for an instance method) plus one trailing
     * {@code @Tactic} one, returning its type. {@code method} null (at registration, when the target's class may
     * not be loaded): the receiver and return type are not checked.
     */
    static List<Method> targetCandidates(TunableTargets.Target target, Method method) {
        List<Method> out = new ArrayList<>();
        List<Class<?>> params = target.params();
        for (Method m : target.candidateMethods().getDeclaredMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (!m.getName().equals(target.method()) || !Modifier.isStatic(m.getModifiers()) || p.length < params.size() + 1
                    || !m.getParameters()[p.length - 1].isAnnotationPresent(dev.autotune4j.api.Tactic.class)) {
                continue;
            }
            int receivers = p.length - 1 - params.size();
            if (receivers > 1 || !List.of(p).subList(receivers, p.length - 1).equals(params)) {
                continue;
            }
            if (method != null) {
                boolean isStatic = Modifier.isStatic(method.getModifiers());
                if (receivers != (isStatic ? 0 : 1) || m.getReturnType() != method.getReturnType()
                        || (!isStatic && !p[0].isAssignableFrom(method.getDeclaringClass()))) {
                    continue;
                }
            }
            out.add(m);
        }
        out.sort(java.util.Comparator.comparing(Method::toGenericString));
        return out;
    }

    private static String readable(Class<?>[] types) {
        return String.join(", ", Arrays.stream(types).map(Class::getSimpleName).toList());
    }

    private static final MethodHandle RUN;

    static {
        try {
            RUN = MethodHandles.publicLookup().findVirtual(Runner.class, "run",
                    MethodType.methodType(Object.class, Object[].class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A config whose argument indices count declared parameters, for inputs that start with the receiver: every
     * index (dynamic dims, constraints, outputs) moves by {@code receivers}; everything else is kept as it is.
     */
    static TuningConfig shifted(TuningConfig c, int receivers) {
        if (receivers == 0) {
            return c;
        }
        TuningConfig.Builder b = TuningConfig.builder();
        for (DynamicDimSpec d : c.dynamicDims()) {
            b.dynamic(new DynamicDimSpec(d.input() + receivers, d.dim(), d.buckets(), d.map()));
        }
        for (dev.autotune4j.api.ConstraintSpec k : c.constraints()) {
            b.constraint(k.input() + receivers, k.dim(),
                    shapes -> k.infer().applyAsLong(Arrays.copyOfRange(shapes, receivers, shapes.length)));
        }
        if (c.tuneMaxSize() != TuningConfig.NO_CAP) {
            b.tuneMaxSize(c.tuneMaxSize());
        }
        if (c.warmup() >= 0) {
            b.warmup(c.warmup());
        }
        if (c.repeat() > 0) {
            b.repeat(c.repeat());
        }
        int[] outputs = c.outputs();
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] += receivers;
        }
        b.outputs(outputs);
        b.tolerance(c.atol(), c.rtol());
        c.answerTypes().forEach(b::answerType);
        return b.inputsPreHook(c.inputsPreHook()).coldCache(c.coldCache()).cudaGraph(c.cudaGraph()).build();
    }

    static List<Method> candidates(Class<?> owner, Method tunable) {
        List<Method> out = new ArrayList<>();
        Class<?>[] params = tunable.getParameterTypes();
        for (Method m : owner.getDeclaredMethods()) {
            if (m.getName().equals(tunable.getName()) && m.getParameterCount() == params.length + 1
                    && Arrays.equals(Arrays.copyOf(m.getParameterTypes(), params.length), params)
                    && m.getParameters()[params.length].isAnnotationPresent(dev.autotune4j.api.Tactic.class)) {
                out.add(m);
            }
        }
        out.sort(java.util.Comparator.comparing(Method::toGenericString));
        return out;
    }

    private static MethodRunners.TacticSource tactics(MethodHandles.Lookup lookup, Class<?> owner, Method tunable,
                                                      Method candidate, TacticDecl t) throws ReflectiveOperationException {
        Class<?> type = candidate.getParameterTypes()[candidate.getParameterCount() - 1];
        return tactics(lookup, owner, tunable.getParameterTypes(), type, t);
    }

    /** The tactics of a candidate whose trailing parameter is {@code type}; a provider takes {@code providerParams}. */
    private static MethodRunners.TacticSource tactics(MethodHandles.Lookup lookup, Class<?> owner, Class<?>[] providerParams,
                                                      Class<?> type, TacticDecl t) throws ReflectiveOperationException {
        if (!t.provider().isEmpty()) {
            Method provider = owner.getDeclaredMethod(t.provider(), providerParams);
            return MethodRunners.TacticSource.provider(lookup.unreflect(provider), providerParams.length);
        }
        if (t.values().length > 0) {
            return MethodRunners.TacticSource.fixed(Arrays.stream(t.values()).boxed().toList());
        }
        if (t.hasRange()) {
            return MethodRunners.TacticSource.fixed(IntStream.rangeClosed(t.from(), t.to()).boxed().toList());
        }
        if (type.isEnum()) {
            return MethodRunners.TacticSource.fixed(List.of(type.getEnumConstants()));
        }
        return MethodRunners.TacticSource.fixed(List.of(false, true));
    }

    private static TuningConfig config(MethodHandles.Lookup lookup, Class<?> owner, TunableDecl t, int receivers)
            throws ReflectiveOperationException {
        TuningConfig.Builder b = TuningConfig.builder();
        for (DynamicDecl d : t.dynamic()) {
            BucketGenerator buckets;
            if (d.buckets().length > 0) {
                buckets = Buckets.of(d.buckets());
            } else if (d.powersOfTwoUpTo() > 0) {
                buckets = Buckets.powersOfTwo(d.powersOfTwoUpTo());
            } else {
                MethodHandle m = lookup.unreflect(owner.getDeclaredMethod(d.bucketsMethod(), long.class));
                buckets = size -> invoke(() -> (long[]) m.invoke(size), d.bucketsMethod());
            }
            BucketMap map;
            if (!d.mapMethod().isEmpty()) {
                MethodHandle m = lookup.unreflect(owner.getDeclaredMethod(d.mapMethod(), long.class))
                        .asType(MethodType.methodType(long.class, long.class));
                map = size -> invoke(() -> (long) m.invokeExact(size), d.mapMethod());
            } else {
                map = MapScheme.valueOf(d.map()).toMap(d.roundUpTo());
            }
            b.dynamic(new DynamicDimSpec(d.arg() + receivers, d.dim(), buckets, map));
        }
        for (ConstraintDecl c : t.constraints()) {
            MethodHandle m = lookup.unreflect(owner.getDeclaredMethod(c.method(), long[][].class))
                    .asType(MethodType.methodType(long.class, long[][].class));
            b.constraint(c.arg() + receivers, c.dim(), shapes -> {
                // a local of the exact type: invokeExact takes the static type of its argument expression
                long[][] declared = receivers == 0 ? shapes : Arrays.copyOfRange(shapes, receivers, shapes.length);
                return invoke(() -> (long) m.invokeExact(declared), c.method());
            });
        }
        if (t.tuneMaxSize() > 0) {
            b.tuneMaxSize(t.tuneMaxSize());
        }
        if (t.warmup() >= 0) {
            b.warmup(t.warmup());
        }
        if (t.repeat() > 0) {
            b.repeat(t.repeat());
        }
        b.outputs(Arrays.stream(t.outputs()).map(i -> i + receivers).toArray());
        b.tolerance(t.atol() == -1 ? Double.NaN : t.atol(), t.rtol() == -1 ? Double.NaN : t.rtol());
        return b.coldCache(t.coldCache()).build();
    }

    private interface Call<T> {
        T call() throws Throwable;
    }

    private static <T> T invoke(Call<T> call, String method) {
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("method " + method + " failed: " + e, e);
        }
    }
}
