package dev.autotune4j.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points. They do almost nothing themselves, on purpose: the JVM calls them before the
 * application's {@code main} (or inside a running application), so whatever goes wrong here must be caught
 * and reported on stderr, never thrown into the application. The work is in {@link AgentInstaller}.
 */
public final class AutotuneAgent {
    private AutotuneAgent() {
    }

    /** {@code -javaagent:autotune4j-agent.jar[=mode=tune,cache=/tmp/t.json]}. */
    public static void premain(String args, Instrumentation inst) {
        run(args, inst, true);
    }

    /** {@code java -jar autotune4j-agent.jar attach <pid> ...}: loads the agent, or updates its settings. */
    public static void agentmain(String args, Instrumentation inst) {
        run(args, inst, false);
    }

    /** The command line: {@code list}, {@code attach}, {@code report}. */
    public static void main(String[] args) {
        System.exit(Cli.run(args, System.out, System.err));
    }

    private static void run(String args, Instrumentation inst, boolean atStartup) {
        try {
            AgentInstaller.install(AgentArguments.parse(args), inst, atStartup);
        } catch (Throwable t) {
            System.err.println("autotune4j-agent: not installed, the application runs without tuning: " + t);
        }
    }
}
