package dev.autotune4j.binding;

import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.internal.NamedRunner;
import dev.autotune4j.internal.TacticMethod;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The runners of a {@code @Tunable} method: its body (the fallback) and one per candidate overload. Their
 * inputs are the call's arguments, the receiver first for an instance method.
 */
final class MethodRunners {
    private MethodRunners() {
    }

    /** {@code (Object[] inputs) -> Object} or {@code (Object[] inputs, Object tactic) -> Object}. */
    static MethodHandle spread(MethodHandle target, int inputs, boolean withTactic) {
        MethodHandle generic = target.asType(MethodType.genericMethodType(inputs + (withTactic ? 1 : 0)));
        return generic.asSpreader(0, Object[].class, inputs);
    }

    /** A method handle call, whose {@code Throwable} is narrowed to what {@link Runner#run} may throw. */
    private interface HandleCall {
        Object call() throws Throwable;
    }

    private static Object call(HandleCall call) throws Exception {
        try {
            return call.call();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A runner that is a method of an application class: its class and method descriptor key the cache. */
    private abstract static class MethodRunner implements Runner, NamedRunner {
        private final String owner;
        private final String id;

        MethodRunner(String owner, String id) {
            this.owner = owner;
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String runnerClassName() {
            return owner;
        }

        @Override
        public String toString() {
            return owner + "#" + id;
        }
    }

    /** Runner 0: the tunable method's own body, reached through the method itself while the site lets it pass. */
    static final class Body extends MethodRunner {
        private final RewrittenMethod site;
        private final MethodHandle body;

        Body(RewrittenMethod site, MethodHandle body, String owner, String id) {
            super(owner, id);
            this.site = site;
            this.body = body;
        }

        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of();
        }

        @Override
        public Object run(Object[] inputs, Object tactic) throws Exception {
            Thread previous = site.bodyThread;
            site.bodyThread = Thread.currentThread();
            try {
                return call(() -> (Object) body.invokeExact(inputs));
            } finally {
                site.bodyThread = previous;
            }
        }

    }

    /**
     * A candidate overload; its tactics come from the {@code @Tactic} parameter. It names its method for the top-tier
     * wait; the body does not: under load the sample service's {@code gemm} had no top-tier code in use at any of its
     * 6 profiles (2 s waited each), probably because the tunable method holds its call site's dispatch too, and each
     * choice published relinks the site and discards the code that inlined it.
     */
    static final class Candidate extends MethodRunner implements TacticMethod {
        private final MethodHandle call;
        private final TacticSource tactics;
        private final int receivers;
        private final String compiledName;

        Candidate(MethodHandle call, TacticSource tactics, int receivers, String owner, String id) {
            super(owner, id);
            this.compiledName = owner + "." + id;   // the id is the method's name and JVM descriptor
            this.call = call;
            this.tactics = tactics;
            this.receivers = receivers;
        }

        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return tactics.valid(receivers == 0 ? inputs : Arrays.copyOfRange(inputs, receivers, inputs.length));
        }

        @Override
        public Object run(Object[] inputs, Object tactic) throws Exception {
            return call(() -> (Object) call.invokeExact(inputs, tactic));
        }

        @Override
        public String compiledName() {
            return compiledName;
        }

    }

    /** Where a candidate's tactics come from (see {@code @Tactic}). */
    interface TacticSource {
        List<?> valid(Object[] arguments);

        static TacticSource fixed(List<?> tactics) {
            List<?> copy = List.copyOf(tactics);
            return arguments -> copy;
        }

        /** A static provider method taking the arguments; its List, Collection or array becomes the list. */
        static TacticSource provider(MethodHandle provider, int arguments) {
            MethodHandle spread = spread(provider, arguments, false);
            return args -> {
                Object result;
                try {
                    result = (Object) spread.invokeExact(args);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException("tactic provider failed: " + e, e);
                }
                return asList(result);
            };
        }

        static List<?> asList(Object result) {
            if (result == null) {
                return List.of();
            }
            if (result instanceof List<?> list) {
                return list;
            }
            if (result instanceof Collection<?> c) {
                return new ArrayList<>(c);
            }
            if (result.getClass().isArray()) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < Array.getLength(result); i++) {
                    out.add(Array.get(result, i));
                }
                return out;
            }
            throw new IllegalStateException("a tactic provider returned " + result.getClass().getName()
                    + ": return a List, Collection or array");
        }
    }
}
