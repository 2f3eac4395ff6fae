package dev.autotune4j.agent;

import dev.autotune4j.control.AutoTunerMXBean;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Changes a running runtime's settings in this JVM through its bean ({@link TunerBeans}), when the agent is
 * attached or its arguments are sent again. A runtime not started yet picks the settings up from the system
 * properties instead.
 */
final class LiveSettings {
    private LiveSettings() {
    }

    static void apply(AgentArguments args) {
        Map<ObjectName, AutoTunerMXBean> tuners;
        try {
            tuners = TunerBeans.find(ManagementFactory.getPlatformMBeanServer());
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
        tuners.forEach((name, bean) -> {
            try {
                TunerBeans.apply(bean, args.settings());
                for (String command : args.commands()) {
                    System.err.println("autotune4j-agent: " + command + ": " + TunerBeans.run(bean, command));
                }
            } catch (RuntimeException e) {
                System.err.println("autotune4j-agent: could not apply " + args.format() + " to " + name + ": " + e);
            }
        });
    }
}
