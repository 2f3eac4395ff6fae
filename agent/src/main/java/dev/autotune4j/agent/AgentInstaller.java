package dev.autotune4j.agent;

import java.lang.instrument.Instrumentation;

/**
 * Installs the agent once per JVM and applies settings on every call: as system properties (read when the
 * runtime starts) and through the runtime's JMX bean when it is already running (see {@link LiveControl}).
 * Agent arguments therefore override {@code -D} properties, which override environment variables.
 */
final class AgentInstaller {
    private static boolean installed;

    private AgentInstaller() {
    }

    static synchronized void install(AgentArguments args, Instrumentation inst) {
        args.settings().forEach((key, value) -> System.setProperty("autotune4j." + key, value));
        if (System.getProperty("autotune4j.tuning") == null && System.getenv("AUTOTUNE4J_TUNING") == null) {
            // under the agent a service is tuned off its request path: no request carries a tuning pass
            System.setProperty("autotune4j.tuning", "background");
        }
        if (!installed) {
            installed = true;
            TunableTransformer.install(inst);
            AgentControl.publish(inst);
            startRuntimeSoon();
        }
        LiveControl.apply(args);
    }

    /**
     * Warms the rewriting machinery ({@link TunableTransformer#warmUp}), then starts the runtime (settings, cache
     * file loaded, JMX bean) on a daemon thread, rather than at the first
     * {@code @Tunable} call: its cache is then loaded before it is needed, and the JMX bean is there for
     * {@code attach}. On a thread of its own, so the application's start is not delayed. When the runtime is not
     * visible to the system class loader (an application server's own loaders), it starts at the first call instead.
     */
    private static void startRuntimeSoon() {
        Thread t = new Thread(() -> {
            TunableTransformer.warmUp();
            try {
                Class.forName("dev.autotune4j.dispatch.AutoTuner", true, ClassLoader.getSystemClassLoader())
                        .getMethod("get").invoke(null);
            } catch (ClassNotFoundException e) {
                // not on the application class path: the first @Tunable call in its own loader starts it
            } catch (ReflectiveOperationException | LinkageError e) {
                System.err.println("autotune4j-agent: the runtime did not start early (" + e + "); it starts at the "
                        + "first @Tunable call");
            }
        }, "autotune4j-start");
        t.setDaemon(true);
        t.start();
    }
}
