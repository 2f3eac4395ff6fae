package dev.autotune4j.agent;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.autotune4j.control.AgentProtocol.Setting;

import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar autotune4j-agent.jar <command>}:
 * <ul>
 *   <li>{@code list}: the local JVMs (pid and main class), to find the one to attach to;</li>
 *   <li>{@code attach <pid> [key=value ...] [save|load|clear|stats|pretune|sweep]}: loads the agent into a running JVM, or,
 *       when it is already there, changes its settings; a mode switch takes effect on the next call;</li>
 *   <li>{@code report <cache.json> [--html out.html]}: the tuned choices as a table, and as an HTML page.</li>
 * </ul>
 */
final class Cli {
    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar autotune4j-agent.jar list",
            "       java -jar autotune4j-agent.jar attach <pid> [mode=tune|replay|off] [cache=FILE] [rank=N] [save|load|clear|stats|pretune|sweep]",
            "       java -jar autotune4j-agent.jar report <cache.json> [--html out.html] [--note 'label=text']... "
                    + "[--timeline latencies.csv]");

    /** Settings a running runtime takes, for the error that names them. */
    private static final List<String> LIVE = Arrays.stream(Setting.values()).filter(Setting::live).map(Setting::key).toList();

    private Cli() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        try {
            switch (args[0]) {
                case "list":
                    for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
                        out.println(vm.id() + "\t" + vm.displayName());
                    }
                    return 0;
                case "attach":
                    return attach(args, out, err);
                case "report":
                    return report(args, out, err);
                default:
                    err.println("unknown command '" + args[0] + "'");
                    err.println(USAGE);
                    return 2;
            }
        } catch (LinkageError e) {
            err.println("autotune4j-agent: the attach API is missing (" + e + "): run this with a JDK, not a JRE");
            return 1;
        }
    }

    private static int attach(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println(USAGE);
            return 2;
        }
        String pid = args[1];
        AgentArguments parsed;
        try {
            parsed = AgentArguments.parse(String.join(",", Arrays.copyOfRange(args, 2, args.length)));
        } catch (IllegalArgumentException e) {
            err.println("autotune4j-agent: " + e.getMessage());
            return 2;
        }
        String cache = parsed.settings().get("cache");
        if (cache != null && !new File(cache).isAbsolute()) {
            err.println("autotune4j-agent: cache=" + cache + " is relative: it would be resolved against the target "
                    + "JVM's working directory; give an absolute path");
            return 2;
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (Exception e) {
            err.println("autotune4j-agent: could not attach to " + pid + ": " + e
                    + " (is it a local JVM of the same user? on JDK 21+ start it with -XX:+EnableDynamicAgentLoading "
                    + "to keep it quiet)");
            return 1;
        }
        try (AttachReply reply = AttachReply.connect(vm)) {
            boolean running = !reply.runtimes().isEmpty();
            if (running) {
                List<String> fixed = parsed.settings().keySet().stream().filter(k -> !Setting.of(k).live()).toList();
                if (!fixed.isEmpty()) {
                    err.println("autotune4j-agent: " + fixed + " cannot change in a running runtime (read once, when it "
                            + "started); only " + LIVE + " can. Restart the JVM with them, e.g. "
                            + "-javaagent:autotune4j-agent.jar=" + fixed.get(0) + "=" + parsed.settings().get(fixed.get(0)));
                    return 2;
                }
            }
            AgentArguments settingsOnly = new AgentArguments(parsed.settings(), List.of());
            vm.loadAgent(agentJar(), settingsOnly.format());
            out.println("autotune4j-agent: " + (parsed.settings().isEmpty() ? "attached to " + pid
                    : "sent '" + settingsOnly.format() + "' to " + pid));
            for (int i = 0; i < 40 && !running && reply.runtimes().isEmpty(); i++) {
                Thread.sleep(50);   // a busy application makes its first @Tunable call, and starts the runtime, soon
            }
            if (reply.runtimes().isEmpty()) {
                out.println("autotune4j in " + pid + ": the runtime has not started yet (it starts at the first @Tunable "
                        + "call); it will start with these settings" + (parsed.commands().isEmpty() ? ""
                        : "; " + parsed.commands() + " not run: nothing to run them on yet"));
                return parsed.commands().isEmpty() ? 0 : 1;
            }
            for (String command : parsed.commands()) {
                reply.run(command, out);
            }
            List<String> warnings = new java.util.ArrayList<>();
            reply.describe(pid, out, warnings);
            warnings.forEach(w -> err.println("autotune4j-agent: warning: " + w));
            return 0;
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            err.println("autotune4j-agent: attached to " + pid + ", but " + cause);
            return 1;
        } finally {
            try {
                vm.detach();
            } catch (java.io.IOException ignored) {
                // the target went away: nothing to release
            }
        }
    }

    private static int report(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println(USAGE);
            return 2;
        }
        java.nio.file.Path html = null;
        java.nio.file.Path timeline = null;
        java.util.List<String> notes = new java.util.ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if ((args[i].equals("--html") || args[i].equals("--note") || args[i].equals("--timeline")) && i + 1 < args.length) {
                if (args[i].equals("--html")) {
                    html = java.nio.file.Path.of(args[++i]);
                } else if (args[i].equals("--timeline")) {
                    timeline = java.nio.file.Path.of(args[++i]);
                } else {
                    notes.add(args[++i]);
                }
            } else {
                err.println("unknown report option '" + args[i] + "'");
                err.println(USAGE);
                return 2;
            }
        }
        try {
            dev.autotune4j.agent.report.Reports.write(java.nio.file.Path.of(args[1]), html, notes, timeline, out);
            return 0;
        } catch (java.io.IOException e) {
            err.println("autotune4j-agent: cannot report: " + e.getMessage());
            return 1;
        }
    }

    static String agentJar() throws URISyntaxException {
        return new File(AutotuneAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    }
}
