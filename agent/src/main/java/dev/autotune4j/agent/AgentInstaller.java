package dev.autotune4j.agent;

import dev.autotune4j.control.AgentProtocol;
import dev.autotune4j.control.AgentProtocol.Setting;

import java.lang.instrument.Instrumentation;

/**
 * Installs the agent once per JVM and applies settings on every call: as system properties (read when the
 * runtime starts) and through the runtime's JMX bean when it is already running (see {@link LiveSettings}).
 * Agent arguments therefore override {@code -D} properties, which override environment variables.
 */
final class AgentInstaller {
    private static boolean installed;

    private AgentInstaller() {
    }

    /**
     * {@code atStartup}: from {@code premain}, before the application's {@code main}. Then only what must precede
     * the application's first class load happens here (the transformer); the JMX bean, the warm-up and the runtime
     * start go to a background thread, since the platform MBean server alone costs tens of milliseconds of start-up.
     * No runtime can be running yet, so there is nothing to apply live.
     */
    static synchronized void install(AgentArguments args, Instrumentation inst, boolean atStartup) {
        args.settings().forEach((key, value) -> System.setProperty(AgentProtocol.PREFIX + key, value));
        Setting tuning = Setting.TUNING;
        if (System.getProperty(tuning.property()) == null && System.getenv(tuning.envName()) == null) {
            // under the agent a service is tuned off its request path: no request carries a tuning pass
            System.setProperty(tuning.property(), "background");
        }
        if (!installed) {
            installed = true;
            // tells the runtime that an agent bean is coming, should it look before the bean is published
            System.setProperty(AgentProtocol.AGENT_PRESENT, "true");
            TunableTransformer.install(inst);
            if (atStartup) {
                startInBackground(() -> Retransformer.publish(inst));
            } else {
                Retransformer.publish(inst);
                startInBackground(() -> { });
            }
        }
        if (!atStartup || !args.commands().isEmpty()) {
            LiveSettings.apply(args);
        }
    }

    /**
     * Runs {@code first}, warms the rewriting machinery ({@link TunableTransformer#warmUp}), then starts the runtime (settings, cache
     * file loaded, JMX bean) on a daemon thread, rather than at the first
     * {@code @Tunable} call: its cache is then loaded before it is needed, and the JMX bean is there for
     * {@code attach}. On a thread of its own, so the application's start is not delayed. When the runtime is not
     * visible to the system class loader (an application server's own loaders), it starts at the first call instead.
     */
    private static void startInBackground(Runnable first) {
        Thread t = new Thread(() -> {
            first.run();
            TunableTransformer.warmUp();
            try {
                Class.forName(AgentProtocol.PROCESS_TUNER, true, ClassLoader.getSystemClassLoader())
                        .getMethod(AgentProtocol.PROCESS_TUNER_ACCESSOR).invoke(null);
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
