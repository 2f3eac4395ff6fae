package dev.autotune4j.agent;

import dev.autotune4j.control.AgentProtocol;
import dev.autotune4j.control.AutoTunerMXBean;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The agent jar's copy of the protocol equals the runtime's (issue 14, item 1). Both are compiled from one source,
 * but the shade plugin rewrites strings that look like the class names it relocates: a relocation pattern a little
 * too wide would turn, say, {@code dev/autotune4j/tunable/TunableSites} into a class that does not exist, and every
 * rewritten method would fall back to its body. This reads the built jar, in a loader that cannot see the runtime.
 */
class ShadedProtocolIT {

    @Test
    void theAgentJarCarriesTheRuntimesProtocolUnchanged() throws Exception {
        try (URLClassLoader agent = new URLClassLoader(new URL[] {ChildJvm.AGENT_JAR.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> shaded = agent.loadClass("dev.autotune4j.agent.shaded.AgentProtocol");
            Map<String, Object> theirs = constants(shaded);
            assertFalse(theirs.isEmpty());
            assertEquals(constants(AgentProtocol.class), theirs);

            Class<?> setting = agent.loadClass("dev.autotune4j.agent.shaded.AgentProtocol$Setting");
            assertEquals(describe(AgentProtocol.Setting.class), describe(setting));

            Class<?> bean = agent.loadClass("dev.autotune4j.agent.shaded.AutoTunerMXBean");
            assertEquals(signatures(AutoTunerMXBean.class), signatures(bean));
        }
    }

    private static Map<String, Object> constants(Class<?> c) throws IllegalAccessException {
        Map<String, Object> out = new TreeMap<>();
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && !f.isEnumConstant()) {
                out.put(f.getName(), f.get(null));
            }
        }
        return out;
    }

    /** Each constant with its key, choices, property, environment name and liveness. */
    private static List<String> describe(Class<?> settingEnum) throws ReflectiveOperationException {
        List<String> out = new java.util.ArrayList<>();
        for (Object s : settingEnum.getEnumConstants()) {
            StringBuilder b = new StringBuilder(s.toString());
            for (String m : new String[] {"key", "property", "envName", "choices", "live"}) {
                b.append(' ').append(settingEnum.getMethod(m).invoke(s));
            }
            out.add(b.toString());
        }
        return out;
    }

    private static List<String> signatures(Class<?> c) {
        return Arrays.stream(c.getMethods()).sorted(Comparator.comparing(Method::getName))
                .map(m -> m.getName() + Arrays.toString(m.getParameterTypes()) + m.getReturnType().getName()).toList();
    }
}
