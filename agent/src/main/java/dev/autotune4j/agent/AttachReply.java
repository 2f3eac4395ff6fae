package dev.autotune4j.agent;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * The {@code attach} command's side of the conversation with the target JVM, over the target's own local JMX
 * connector (started through the attach API): which settings a running runtime can still take, the commands'
 * results, and the state the target ends up in. Why not the target's stderr: the operator runs {@code attach} in
 * a terminal and must see there what happened, and a script must get a non-zero exit when it did not.
 */
final class AttachReply implements AutoCloseable {
    /** Settings a running runtime applies live; the others are read once, when the runtime starts. */
    static final Set<String> LIVE = Set.of("mode", "cache", "tuning", "sweep", "check");

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private AttachReply(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    static AttachReply connect(VirtualMachine vm) throws IOException {
        return new AttachReply(JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())));
    }

    /** The runtimes' beans (one per class loader that holds the runtime); empty before the first @Tunable call. */
    Set<ObjectName> runtimes() throws Exception {
        return server.queryNames(new ObjectName(LiveControl.PATTERN), null);
    }

    /** Runs a command on each runtime and prints its result. */
    void run(String command, PrintStream out) throws Exception {
        for (ObjectName name : runtimes()) {
            Object result = command.equals("stats") ? "\n" + server.getAttribute(name, "Statistics")
                    : server.invoke(name, command, null, null);
            out.println(command + ": " + (command.equals("load") ? "loaded " + result + " entries" : result));
        }
    }

    /** Prints where each runtime stands now; returns the warnings worth an operator's attention. */
    void describe(String pid, PrintStream out, List<String> warnings) throws Exception {
        for (ObjectName name : runtimes()) {
            String mode = (String) server.getAttribute(name, "Mode");
            String cache = (String) server.getAttribute(name, "CacheFile");
            out.println("autotune4j in " + pid + (name.getKeyProperty("loader") != null ? " (" + name + ")" : "") + ": mode="
                    + mode + " tuning=" + server.getAttribute(name, "Tuning") + " sweep=" + server.getAttribute(name, "Sweep")
                    + " check=" + server.getAttribute(name, "Check")
                    + " cache=" + (cache.isEmpty() ? "(none)" : cache) + " entries=" + server.getAttribute(name, "CacheEntries")
                    + " queued=" + server.getAttribute(name, "QueuedProfiles") + " tunedInBackground="
                    + server.getAttribute(name, "BackgroundTuned"));
            if (mode.equals("TUNE") && cache.isEmpty()) {
                warnings.add("mode=tune without a cache file: what is tuned is lost when the JVM stops (add cache=/abs/path.json)");
            }
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
