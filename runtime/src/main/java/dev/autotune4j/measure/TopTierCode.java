package dev.autotune4j.measure;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which methods have code of the JIT's top tier in use, read from HotSpot's code list (the {@code Compiler.codelist}
 * diagnostic command, through its MBean: about 1 ms for 500 compiled methods on the 2-core VM, in-process, on JDK 17
 * and 25). Warmup settles when a tactic's time stops falling, and C1's profiling code is such a plateau: while C2's
 * queue is long (the service recompiling what an attach discarded) a tactic can run it for seconds, stable, at half
 * its speed, and be timed there. This reads what the JIT did instead of inferring it from times.
 *
 * <p>Names are as the list gives them: the class's {@link Class#getName()}, a dot, the method name and its JVM
 * descriptor ({@code dev.example.Ops.norm([[FLdev/example/Ops$Threads;)[[F}). The top tier is the highest level
 * in the list (4 with C2; lower when C2 is off), so a JVM without C2 waits for nothing.
 */
public final class TopTierCode {
    private static final String[] NO_ARGUMENTS = new String[0];

    private TopTierCode() {
    }

    /**
     * The methods of {@code names} without top-tier code in use now; empty when the code list cannot be read (not
     * HotSpot, or no management), so that a JVM which cannot say is not waited on.
     */
    public static Set<String> without(Collection<String> names) {
        String list = codeList();
        if (list == null || names.isEmpty()) {
            return Set.of();
        }
        int top = 0;
        Set<String> atTop = new HashSet<>();
        Set<String> wanted = new HashSet<>(names);
        for (String line : list.split("\n")) {
            // "compile_id level state name [addresses]"; state 0 is in use on JDK 17 and 25
            String[] f = line.split(" ", 5);
            if (f.length < 4 || !f[2].equals("0")) {
                continue;
            }
            int level;
            try {
                level = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (level > top) {
                top = level;
                atTop.clear();
            }
            if (level == top && wanted.contains(f[3])) {
                atTop.add(f[3]);
            }
        }
        Set<String> missing = new LinkedHashSet<>(names);
        missing.removeAll(atTop);
        return missing;
    }

    /** The JVM's code list, or null where it cannot be read. */
    static String codeList() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            return (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "compilerCodelist", new Object[] {NO_ARGUMENTS}, new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            return null;
        }
    }
}
