package dev.autotune4j.control;

import dev.autotune4j.api.Mode;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.Tunable;
import dev.autotune4j.control.AgentProtocol.Setting;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime keeps to {@link AgentProtocol}: what the agent writes into class files links here, the names it
 * looks for exist, and the packages it must leave alone are all listed. The agent's {@code ShadedProtocolIT}
 * checks the other half: the agent jar's copy equals this class.
 */
class AgentProtocolTest {

    @Test
    void theBootstrapMethodsExistWithTheDescriptorTheAgentWrites() throws Exception {
        Class<?> sites = Class.forName(AgentProtocol.SITES.replace('/', '.'));
        for (String name : new String[] {AgentProtocol.ROUTE, AgentProtocol.INVOKE}) {
            Method m = Arrays.stream(sites.getMethods()).filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
            assertTrue(Modifier.isStatic(m.getModifiers()), name);
            assertEquals(AgentProtocol.BOOTSTRAP_DESCRIPTOR,
                    MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString(), name);
        }
    }

    @Test
    void theAnnotationsAndTheProcessTunerAreWhereTheAgentLooks() throws Exception {
        assertEquals(AgentProtocol.TUNABLE, Tunable.class.getName().replace('.', '/'));
        assertEquals(AgentProtocol.TACTIC, Tactic.class.getName().replace('.', '/'));
        Method get = Class.forName(AgentProtocol.PROCESS_TUNER).getMethod(AgentProtocol.PROCESS_TUNER_ACCESSOR);
        assertTrue(Modifier.isStatic(get.getModifiers()) && get.getParameterCount() == 0);
        assertEquals(AgentProtocol.PROCESS_TUNER, get.getReturnType().getName());
    }

    /** A package added to the runtime and not listed would be rewritten by the agent, its own dispatcher included. */
    @Test
    void everyRuntimePackageIsListedAndEveryListedPackageExists() throws Exception {
        Path classes = Path.of(AgentProtocol.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes.resolve("dev/autotune4j")), "the runtime's classes directory: " + classes);
        Set<String> packages;
        try (Stream<Path> files = Files.walk(classes)) {
            packages = files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class"))
                    .map(f -> classes.relativize(f.getParent()).toString().replace('\\', '/') + "/")
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        for (String p : packages) {
            assertTrue(AgentProtocol.RUNTIME_PACKAGES.stream().anyMatch(p::startsWith), p + " is not in RUNTIME_PACKAGES");
        }
        for (String listed : AgentProtocol.RUNTIME_PACKAGES) {
            assertTrue(packages.stream().anyMatch(p -> p.startsWith(listed)), listed + " has no class");
        }
    }

    @Test
    void theSettingsAreTheOnesTheRuntimeReads() {
        assertEquals(Arrays.stream(Setting.values()).map(Setting::property).toList(), Settings.KNOWN);
        assertEquals(Arrays.stream(Mode.values()).map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet()),
                Set.copyOf(Setting.MODE.choices()));
        assertEquals("AUTOTUNE4J_TACTIC_BUDGET_MS", Setting.TACTIC_BUDGET_MS.envName());
        assertSame(Setting.OP_BUDGET_MS, Setting.of("autotune4j.opBudgetMs"));
        assertSame(Setting.OP_BUDGET_MS, Setting.of("opBudgetMs"));
        assertEquals(null, Setting.of("opbudgetms"), "keys are exact");
        assertEquals("background", Setting.TUNING.choice(" Background "));
        assertEquals(null, Setting.TUNING.choice("later"));
        for (Setting s : Setting.values()) {
            assertFalse(AgentProtocol.INTERNAL_PROPERTIES.contains(s.property()), s + " is a setting, not internal");
        }
    }

    /** The attach command names the live settings; each is an attribute the tuner's bean can set. */
    @Test
    void everyLiveSettingAndCommandIsPartOfTheBean() {
        Set<String> setters = Arrays.stream(AutoTunerMXBean.class.getMethods()).map(Method::getName)
                .filter(n -> n.startsWith("set")).map(n -> n.substring(3).toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        for (Setting s : Setting.values()) {
            if (s.live()) {
                String attribute = s == Setting.CACHE ? "cachefile" : s.key().toLowerCase(Locale.ROOT);
                assertTrue(setters.contains(attribute), s + " is live but the bean cannot set it: " + setters);
            }
        }
        for (String command : AgentProtocol.COMMANDS) {
            String member = command.equals("stats") ? "getStatistics" : command;
            assertNotNull(Arrays.stream(AutoTunerMXBean.class.getMethods()).filter(m -> m.getName().equals(member))
                    .findFirst().orElse(null), command + " has no member of the bean");
        }
    }
}
