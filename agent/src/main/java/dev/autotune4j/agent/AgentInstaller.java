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
        if (!installed) {
            installed = true;
            TunableTransformer.install(inst);
            AgentControl.publish(inst);
        }
        LiveControl.apply(args);
    }
}
