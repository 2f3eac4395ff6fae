package dev.autotune4j.agent;

import com.sun.tools.attach.VirtualMachine;
import dev.autotune4j.control.AutoTunerMXBean;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The {@code attach} command's side of the conversation with the target JVM, over the target's own local JMX
 * connector (started through the attach API): which settings a running runtime can still take, the commands'
 * results, and the state the target ends up in. Why not the target's stderr: the operator runs {@code attach} in
 * a terminal and must see there what happened, and a script must get a non-zero exit when it did not.
 */
final class AttachReply implements AutoCloseable {
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
    Map<ObjectName, AutoTunerMXBean> runtimes() throws IOException {
        return TunerBeans.find(server);
    }

    /** Runs a command on each runtime and prints its result. */
    void run(String command, PrintStream out) throws IOException {
        for (AutoTunerMXBean bean : runtimes().values()) {
            out.println(command + ": " + TunerBeans.run(bean, command));
        }
    }

    /** Prints where each runtime stands now; returns the warnings worth an operator's attention. */
    void describe(String pid, PrintStream out, List<String> warnings) throws IOException {
        for (Map.Entry<ObjectName, AutoTunerMXBean> e : runtimes().entrySet()) {
            AutoTunerMXBean bean = e.getValue();
            String loader = e.getKey().getKeyProperty("loader") != null ? " (" + e.getKey() + ")" : "";
            out.println("autotune4j in " + pid + loader + ": " + TunerBeans.describe(bean));
            if (bean.getMode().equals("TUNE") && bean.getCacheFile().isEmpty()) {
                warnings.add("mode=tune without a cache file: what is tuned is lost when the JVM stops (add cache=/abs/path.json)");
            }
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
