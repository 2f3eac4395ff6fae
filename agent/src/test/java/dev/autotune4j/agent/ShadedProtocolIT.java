package dev.autotune4j.agent;

import dev.autotune4j.control.AgentProtocol;
import dev.autotune4j.control.AutoTunerMXBean;
import dev.autotune4j.agent.report.ReportsTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent jar's copy of the protocol equals the runtime's (issue 14, item 1). Both are compiled from one source,
 * but the shade plugin rewrites strings that look like the class names it relocates: a relocation pattern a little
 * too wide would turn, say, {@code dev/autotune4j/binding/CallSites} into a class that does not exist, and every
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

    /**
     * The report command reads a cache file through the runtime's reader, shaded into the jar with Jackson (item 2):
     * run from the jar alone, with no runtime and no Jackson on the class path, it reads a file the runtime wrote.
     */
    @Test
    void theJarsReportReadsWhatTheRuntimeWrote(@TempDir Path dir) throws Exception {
        Path cache = ReportsTest.writeCache(dir.resolve("c.json"), 8);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ChildJvm.AGENT_JAR.toString(), "report", cache.toString(), "--html", dir.resolve("r.html").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("gemm<x>") && out.contains("Loop.IKJ") && out.contains("5.00x"), out);
        assertTrue(Files.readString(dir.resolve("r.html")).contains("IllegalStateException: boom"), "the failed trial");
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
