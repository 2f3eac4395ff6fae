package dev.autotune4j.agent;

import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Set;

/**
 * Changes a running runtime's settings through its JMX bean ({@code autotune4j:type=AutoTuner}). The agent
 * cannot call the runtime directly: the runtime lives in the application's class loader, the agent in the
 * system one. A runtime not started yet picks the settings up from the system properties instead.
 */
final class LiveControl {
    static final String PATTERN = "autotune4j:type=AutoTuner,*";

    private LiveControl() {
    }

    static void apply(AgentArguments args) {
        Set<ObjectName> tuners;
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            tuners = server.queryNames(new ObjectName(PATTERN), null);
        } catch (Exception e) {
            System.err.println("autotune4j-agent: cannot query JMX: " + e);
            return;
        }
        if (tuners.isEmpty()) {
            if (!args.commands().isEmpty()) {
                System.err.println("autotune4j-agent: " + args.commands() + " ignored: no autotune4j runtime has started "
                        + "in this JVM yet (it starts at the first @Tunable call)");
            }
            return;
        }
        for (ObjectName name : tuners) {
            try {
                String cache = args.settings().get("cache");
                if (cache != null) {
                    server.setAttribute(name, new Attribute("CacheFile", cache));
                }
                for (String live : new String[] {"tuning", "sweep", "check"}) {
                    String value = args.settings().get(live);
                    if (value != null) {
                        server.setAttribute(name, new Attribute(Character.toUpperCase(live.charAt(0)) + live.substring(1), value));
                    }
                }
                String mode = args.settings().get("mode");
                if (mode != null) {
                    server.setAttribute(name, new Attribute("Mode", mode));
                }
                for (String command : args.commands()) {
                    Object result = command.equals("stats") ? server.getAttribute(name, "Statistics")
                            : server.invoke(name, command, null, null);
                    System.err.println("autotune4j-agent: " + command + ": " + result);
                }
            } catch (Exception e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                System.err.println("autotune4j-agent: could not apply " + args.format() + " to " + name + ": " + cause);
            }
        }
    }
}
