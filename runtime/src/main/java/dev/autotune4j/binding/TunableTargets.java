package dev.autotune4j.binding;

import dev.autotune4j.api.Runner;
import dev.autotune4j.api.ShapeReader;
import dev.autotune4j.api.ShapeReaders;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.control.AgentProtocol;
import dev.autotune4j.internal.Log;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tuning for a method you cannot annotate (a third-party class): register it with its candidates and the
 * agent rewrites it as if it were {@code @Tunable}. Its own body stays the fallback, and every caller, the
 * library's own code included, goes through the tuner.
 *
 * <p>Candidates come in two forms. <b>Methods of a class of yours</b>, named like the target, taking its
 * arguments (the receiver first for an instance method) plus one trailing {@code @Tactic} parameter, exactly
 * like the overloads of a {@code @Tunable} method; they are called directly, so a replayed call costs what an
 * annotated one does:
 * <pre>{@code
 * final class FastMult {   // may be package-private; found by name
 *     static void mult(Matrix a, Matrix b, Matrix c, @Tactic(values = {16, 64}) int block) { ... }
 * }
 * TunableTargets.shapeOf(Matrix.class, new MatrixShape());            // dims of a type you do not own
 * TunableTargets.register("com.vendor.Ops", "mult", List.of(Matrix.class, Matrix.class, Matrix.class), "vendor-mult",
 *         TuningConfig.builder().dynamic(0, 0, Buckets.powersOfTwo(1024), Buckets.nextPowerOfTwo()).build(),
 *         FastMult.class);
 * }</pre>
 * Or <b>{@link Runner}s</b> (the API's model), called through {@link Runner#run}, which boxes the arguments
 * into an array on every replayed call.
 *
 * <p>Parameter types are the method's declared (erased) types, not the types of the values passed: a method
 * declared {@code mult(Matrix, Matrix, Matrix)} is registered with {@code Matrix.class} even if callers pass a
 * {@code DenseMatrix}. A registration that matches no method is reported when its class loads, naming the
 * overloads there are. Register before the class is first used, or after: a class already loaded is
 * retransformed by the agent (through its JMX bean {@code autotune4j:type=Agent}). Argument indices in the
 * config count the declared parameters.
 */
public final class TunableTargets {
    private static final Log LOG = Log.get(TunableTargets.class);
    private static final Map<String, Target> TARGETS = new ConcurrentHashMap<>();

    private TunableTargets() {
    }

    /** A registered method: where it is, its op name and config, its candidates (runners, or a class of methods). */
    public record Target(String className, String method, List<Class<?>> params, String op, TuningConfig config,
                         List<Runner> candidates, Class<?> candidateMethods) {
        public Target {
            if (className == null || className.isBlank() || method == null || method.isBlank()) {
                throw new IllegalArgumentException("a tunable target needs a class name and a method name");
            }
            Objects.requireNonNull(params, "params");
            Objects.requireNonNull(config, "config");
            candidates = candidates == null ? List.of() : List.copyOf(candidates);
            if (candidates.isEmpty() && candidateMethods == null) {
                throw new IllegalArgumentException("tunable target " + className + "." + method
                        + " needs at least one candidate runner (its own body is the fallback)");
            }
            params = List.copyOf(params);
            op = op == null || op.isBlank() ? className.substring(className.lastIndexOf('.') + 1) + "#" + method : op;
        }

        /** {@code com/vendor/Blas#sgemm([[F[[F)}: how the agent names it. */
        String key() {
            return TunableTargets.key(className.replace('.', '/'), method, paramsDescriptor(params));
        }
    }

    /** Registers a method for tuning with {@link Runner} candidates; see the class comment. */
    public static void register(String className, String method, List<Class<?>> params, String op,
                                TuningConfig config, List<? extends Runner> candidates) {
        add(new Target(className, method, params, op, config, new ArrayList<>(candidates), null));
    }

    /**
     * Registers a method for tuning whose candidates are the methods of {@code candidates} named {@code method},
     * taking its arguments plus one trailing {@code @Tactic} parameter; see the class comment. When the class has
     * no such method, the error is logged naming the signature to add, and nothing is registered.
     */
    public static void register(String className, String method, List<Class<?>> params, String op,
                                TuningConfig config, Class<?> candidates) {
        Objects.requireNonNull(candidates, "candidates");
        Target target = new Target(className, method, params, op, config, List.of(), candidates);
        if (MethodBinder.targetCandidates(target, null).isEmpty()) {
            LOG.error("autotune4j: {}; the method is not registered and runs as written", "tunable target " + className
                    + "." + method + ": " + candidates.getName()
                    + " has no candidate: add a static method " + method + "(" + (params.isEmpty() ? "" :
                    String.join(", ", params.stream().map(Class::getSimpleName).toList()) + ", ")
                    + "@Tactic int tactic) (the receiver first for an instance method) returning what "
                    + method + " returns");
            return;
        }
        add(target);
    }

    /** Reads the shape of {@code type} (and its subtypes) with {@code reader}: {@link ShapeReaders#register}. */
    public static <T> void shapeOf(Class<T> type, ShapeReader<? super T> reader) {
        ShapeReaders.register(type, reader);
    }

    private static void add(Target target) {
        TARGETS.put(target.key(), target);
        synchronized (TunableTargets.class) {
            String known = System.getProperty(AgentProtocol.TARGETS, "");
            if (!List.of(known.split(AgentProtocol.TARGETS_SEPARATOR)).contains(target.key())) {
                System.setProperty(AgentProtocol.TARGETS, known.isEmpty() ? target.key()
                        : known + AgentProtocol.TARGETS_SEPARATOR + target.key());
            }
        }
        askAgentToRetransform(target.className());
    }

    /** The registration of a method, or null. */
    static Target lookup(Class<?> owner, Method m) {
        return TARGETS.get(key(owner.getName().replace('.', '/'), m.getName(), paramsDescriptor(List.of(m.getParameterTypes()))));
    }

    static String key(String internalClassName, String method, String paramsDescriptor) {
        return internalClassName + "#" + method + paramsDescriptor;
    }

    static String paramsDescriptor(List<Class<?>> params) {
        String d = MethodType.methodType(void.class, params).toMethodDescriptorString();
        return d.substring(0, d.indexOf(')') + 1);
    }

    private static void askAgentToRetransform(String className) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName agent = new ObjectName(AgentProtocol.AGENT_BEAN);
            // an agent started with the JVM publishes its bean from a background thread: give it a moment
            for (int i = 0; i < 500 && !server.isRegistered(agent) && System.getProperty(AgentProtocol.AGENT_PRESENT) != null; i++) {
                Thread.sleep(10);
            }
            if (!server.isRegistered(agent)) {
                LOG.info("autotune4j: no agent in this JVM: calls of {} run as written until one is attached", className);
                return;
            }
            server.invoke(agent, AgentProtocol.RETRANSFORM, new Object[] {className}, new String[] {String.class.getName()});
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("autotune4j: the agent could not retransform {} ({}); it is tuned only if it loads later",
                    className, e.toString());
        }
    }
}
