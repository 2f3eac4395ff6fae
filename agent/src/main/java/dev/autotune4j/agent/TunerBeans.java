package dev.autotune4j.agent;

import dev.autotune4j.control.AgentProtocol;
import dev.autotune4j.control.AgentProtocol.Setting;
import dev.autotune4j.control.AutoTunerMXBean;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtimes' tuner beans in a JVM, typed: the agent holds a shaded copy of the runtime's {@link AutoTunerMXBean}
 * interface and reads the beans through JMX proxies of it, so an attribute or operation that one side renames
 * fails to compile instead of failing on the operator's terminal. The agent cannot call the runtime directly:
 * the runtime lives in the application's class loader, the agent in the system one (or in another JVM, for the
 * attach command).
 */
final class TunerBeans {
    private TunerBeans() {
    }

    /** One bean per class loader that holds the runtime, by name; empty before the runtime has started. */
    static Map<ObjectName, AutoTunerMXBean> find(MBeanServerConnection server) throws IOException {
        Map<ObjectName, AutoTunerMXBean> beans = new LinkedHashMap<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName(AgentProtocol.TUNER_BEANS), null)) {
                beans.put(name, JMX.newMXBeanProxy(server, name, AutoTunerMXBean.class));
            }
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(AgentProtocol.TUNER_BEANS + " is not an object name pattern", e);
        }
        return beans;
    }

    /** Applies the live settings among {@code settings} (see {@link Setting#live()}); the mode last. */
    static void apply(AutoTunerMXBean bean, Map<String, String> settings) {
        settings.forEach((key, value) -> {
            Setting setting = Setting.of(key);
            if (setting == Setting.CACHE) {
                bean.setCacheFile(value);
            } else if (setting == Setting.TUNING) {
                bean.setTuning(value);
            } else if (setting == Setting.SWEEP) {
                bean.setSweep(value);
            } else if (setting == Setting.CHECK) {
                bean.setCheck(value);
            }   // the mode below; the others are read once, at start
        });
        String mode = settings.get(Setting.MODE.key());
        if (mode != null) {
            bean.setMode(mode);
        }
    }

    /** Runs one of {@link AgentProtocol#COMMANDS}; returns its result as the operator reads it. */
    static String run(AutoTunerMXBean bean, String command) {
        return switch (command) {
            case "save" -> bean.save();
            case "load" -> "loaded " + bean.load() + " entries";
            case "clear" -> bean.clear();
            case "stats" -> System.lineSeparator() + bean.getStatistics();
            case "pretune" -> bean.pretune();
            case "sweep" -> bean.sweep();
            default -> throw new IllegalArgumentException("unknown command '" + command + "': use one of "
                    + AgentProtocol.COMMANDS);
        };
    }

    /** Where a runtime stands: mode, settings, cache and queue, on one line. */
    static String describe(AutoTunerMXBean bean) {
        String cache = bean.getCacheFile();
        return "mode=" + bean.getMode() + " tuning=" + bean.getTuning() + " sweep=" + bean.getSweep() + " check="
                + bean.getCheck() + " cache=" + (cache.isEmpty() ? "(none)" : cache) + " entries="
                + bean.getCacheEntries() + " queued=" + bean.getQueuedProfiles() + " tunedInBackground="
                + bean.getBackgroundTuned() + " rechecked=" + bean.getBackgroundRechecked();
    }
}
