package dev.autotune4j.agent;

import dev.autotune4j.control.AgentProtocol;

import javax.management.ObjectName;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** Publishes {@link RetransformerMBean}; see there. */
final class Retransformer implements RetransformerMBean {
    private final Instrumentation inst;

    private Retransformer(Instrumentation inst) {
        this.inst = inst;
    }

    static void publish(Instrumentation inst) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new Retransformer(inst),
                    new ObjectName(AgentProtocol.AGENT_BEAN));
        } catch (Exception | LinkageError e) {
            System.err.println("autotune4j-agent: JMX bean not registered (" + e
                    + "); methods registered for tuning after their class loaded are not rewritten");
        }
    }

    @Override
    public int retransform(String className) {
        List<Class<?>> matches = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getName().equals(className) && inst.isModifiableClass(c)) {
                matches.add(c);
            }
        }
        for (Class<?> c : matches) {
            try {
                inst.retransformClasses(c);
            } catch (Throwable t) {
                System.err.println("autotune4j-agent: could not retransform " + className + ": " + t);
            }
        }
        return matches.size();
    }

    @Override
    public String getTargets() {
        return System.getProperty(AgentProtocol.TARGETS, "");
    }
}
