package dev.autotune4j.tunable;

import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Tuning for a method you cannot annotate (a third-party class): register it with its candidates (the same
 * {@link Runner} model) and the agent rewrites it as if it were {@code @Tunable}. Its own body stays the
 * fallback, and every caller, the library's own code included, goes through the tuner.
 *
 * <pre>{@code
 * TunableTargets.register("com.vendor.Blas", "sgemm", List.of(float[][].class, float[][].class), "vendor-sgemm",
 *         TuningConfig.builder().dynamic(0, 0, Buckets.powersOfTwo(1024), Buckets.nextPowerOfTwo()).build(),
 *         List.of(Runners.of("tiled", List.of(16, 64), (in, tile) -> MyKernels.sgemm((float[][]) in[0], (float[][]) in[1], (Integer) tile))));
 * }</pre>
 *
 * <p>Register before the class is first used; a class already loaded is retransformed by the agent (through
 * its JMX bean {@code autotune4j:type=Agent}). Argument indices in the config count the declared parameters;
 * a candidate's inputs are the call's arguments (the receiver first for an instance method). Unlike the
 * overloads of an annotated method, a registered candidate is called through {@link Runner#run}, so a
 * replayed call boxes its arguments into an array.
 */
public final class TunableTargets {
    private static final Logger LOG = LoggerFactory.getLogger(TunableTargets.class);
    /** The system property through which the agent (in the system class loader) learns the targets. */
    public static final String PROPERTY = "autotune4j.targets";
    static final String AGENT_BEAN = "autotune4j:type=Agent";

    private static final Map<String, Target> TARGETS = new ConcurrentHashMap<>();

    private TunableTargets() {
    }

    /** A registered method: where it is, its op name and config, its candidates. */
    public record Target(String className, String method, List<Class<?>> params, String op, TuningConfig config,
                         List<Runner> candidates) {
        public Target {
            if (className == null || className.isBlank() || method == null || method.isBlank()) {
                throw new IllegalArgumentException("a tunable target needs a class name and a method name");
            }
            Objects.requireNonNull(params, "params");
            Objects.requireNonNull(config, "config");
            if (candidates == null || candidates.isEmpty()) {
                throw new IllegalArgumentException("tunable target " + className + "." + method
                        + " needs at least one candidate runner (its own body is the fallback)");
            }
            params = List.copyOf(params);
            candidates = List.copyOf(candidates);
            op = op == null || op.isBlank() ? className.substring(className.lastIndexOf('.') + 1) + "#" + method : op;
        }

        /** {@code com/vendor/Blas#sgemm([[F[[F)}: how the agent names it. */
        String key() {
            return TunableTargets.key(className.replace('.', '/'), method, paramsDescriptor(params));
        }
    }

    /** Registers a method for tuning; see the class comment. */
    public static void register(String className, String method, List<Class<?>> params, String op,
                                TuningConfig config, List<? extends Runner> candidates) {
        Target target = new Target(className, method, params, op, config, new ArrayList<>(candidates));
        TARGETS.put(target.key(), target);
        synchronized (TunableTargets.class) {
            String known = System.getProperty(PROPERTY, "");
            if (!(";" + known + ";").contains(";" + target.key() + ";")) {
                System.setProperty(PROPERTY, known.isEmpty() ? target.key() : known + ";" + target.key());
            }
        }
        askAgentToRetransform(className);
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
            ObjectName agent = new ObjectName(AGENT_BEAN);
            if (!server.isRegistered(agent)) {
                LOG.info("autotune4j: no agent in this JVM: calls of {} run as written until one is attached", className);
                return;
            }
            server.invoke(agent, "retransform", new Object[] {className}, new String[] {String.class.getName()});
        } catch (Exception e) {
            LOG.warn("autotune4j: the agent could not retransform {} ({}); it is tuned only if it loads later",
                    className, e.toString());
        }
    }
}
