package dev.autotune4j.control;

import java.util.List;
import java.util.Locale;

/**
 * Everything the agent and the runtime must agree on, in one place: where a rewritten method links, the JMX
 * names, the system properties they pass to each other, the settings and commands, the runtime's packages.
 *
 * <p>Why a class of constants and not a shared library: the two sides never share a class at run time. The
 * agent lives in the system class loader (or arrives later through an attach), the runtime wherever the
 * application loads it, sometimes twice. So the agent jar carries its own copy of this class, relocated by the
 * shade plugin (to {@code dev.autotune4j.agent.shaded.AgentProtocol}) as it carries the declaration check, and
 * the class uses nothing but the JDK. {@code AgentProtocolTest} checks that the runtime keeps to it (the bootstrap
 * methods exist with this descriptor, the bean is registered under this name, every runtime package is listed,
 * the settings are the ones read); the agent's {@code ShadedProtocolIT} checks that the copy in the built agent
 * jar still equals this one after shading (a relocation rewrites strings that look like class names).
 */
public final class AgentProtocol {
    /** Where a rewritten method's two {@code invokedynamic} instructions link (an internal class name). */
    public static final String SITES = "dev/autotune4j/binding/CallSites";
    /** The bootstrap method of the first instruction: which route a call takes (0: the method's own body). */
    public static final String ROUTE = "route";
    /** The bootstrap method of the second instruction: runs the routed candidate. */
    public static final String INVOKE = "invoke";
    /** Both bootstrap methods: the usual three arguments, then the rewritten method's name and descriptor. */
    public static final String BOOTSTRAP_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/String;Ljava/lang/String;)Ljava/lang/invoke/CallSite;";
    /** The annotations the agent looks for in class files before it parses them (internal names). */
    public static final String TUNABLE = "dev/autotune4j/api/Tunable";
    public static final String TACTIC = "dev/autotune4j/api/Tactic";

    /**
     * The process-wide tuner's class (a binary name) and its static no-argument accessor: an agent that finds the
     * runtime on the system class path starts it with a call of this, so its bean is up before the first call.
     */
    public static final String PROCESS_TUNER = "dev.autotune4j.dispatch.AutoTuner";
    public static final String PROCESS_TUNER_ACCESSOR = "get";

    /** The tuner's JMX bean, of type {@link AutoTunerMXBean} (also shaded into the agent, which reads it through a proxy). A second copy of the runtime in the JVM (another class loader) adds {@code ,loader=<hash>}. */
    public static final String TUNER_BEAN = "autotune4j:type=AutoTuner";
    /** Every tuner bean in the JVM: what the attach command queries. */
    public static final String TUNER_BEANS = TUNER_BEAN + ",*";
    /** The agent's JMX bean: the runtime asks it to retransform a class registered after it loaded. */
    public static final String AGENT_BEAN = "autotune4j:type=Agent";
    /** The agent bean's operation, taking a binary class name. */
    public static final String RETRANSFORM = "retransform";

    /** Every setting's system property starts with this; agent arguments may leave it out. */
    public static final String PREFIX = "autotune4j.";
    /**
     * Methods registered without annotations ({@code TunableTargets}), as the runtime publishes them to the agent:
     * {@code com/vendor/Blas#sgemm([F[F)} entries separated by {@link #TARGETS_SEPARATOR}.
     */
    public static final String TARGETS = PREFIX + "targets";
    /** A space: no method descriptor contains one (';' ends every object type in a descriptor). */
    public static final String TARGETS_SEPARATOR = " ";
    /** Set by the agent as soon as it is installed, before its bean is published: the runtime waits for the bean only then. */
    public static final String AGENT_PRESENT = PREFIX + "agent.present";
    /** {@code -Dautotune4j.agent.debug=true}: the agent prints each class it rewrites. */
    public static final String AGENT_DEBUG = PREFIX + "agent.debug";
    /** Properties the two sides set for each other: not settings, and not reported as unknown ones. */
    public static final List<String> INTERNAL_PROPERTIES = List.of(TARGETS, AGENT_PRESENT, AGENT_DEBUG);

    /** The runtime's packages (internal names): the agent never rewrites a class in them. */
    public static final List<String> RUNTIME_PACKAGES = List.of("dev/autotune4j/api/", "dev/autotune4j/binding/",
            "dev/autotune4j/cache/", "dev/autotune4j/control/", "dev/autotune4j/cuda/", "dev/autotune4j/dispatch/",
            "dev/autotune4j/internal/", "dev/autotune4j/measure/", "dev/autotune4j/profile/");

    /**
     * The commands of the attach command and of agent arguments: {@code stats} reads the bean's {@code Statistics},
     * the others are the bean's operations of the same name.
     */
    public static final List<String> COMMANDS = List.of("save", "load", "clear", "stats", "pretune", "sweep");

    private AgentProtocol() {
    }

    /**
     * The environment variable of a property, by OpenTelemetry's convention: dots become underscores, each word of
     * a camelCase name its own: {@code autotune4j.tacticTimeoutMs} is {@code AUTOTUNE4J_TACTIC_TIMEOUT_MS}.
     */
    public static String envName(String property) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < property.length(); i++) {
            char c = property.charAt(i);
            if (c == '.') {
                out.append('_');
            } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(property.charAt(i - 1))) {
                out.append('_').append(c);
            } else {
                out.append(Character.toUpperCase(c));
            }
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }

    /** Every setting: its key (the property without {@link #PREFIX}) and, for a choice, the values it takes. */
    public enum Setting {
        MODE("mode", "tune", "replay", "off"),
        CACHE("cache"),
        RANK("rank"),
        TUNING("tuning", "inline", "background"),
        SWEEP("sweep", "bucket", "all"),
        /**
         * {@code off}: a pick the background tuner made is kept as first timed; {@code on} (the default): a close one
         * (its best rival within 1.5x) is timed once more when the queue is empty and the JIT has gone quiet.
         */
        RECHECK("recheck", "on", "off"),
        CHECK("check", "on", "off"),
        ATOL("atol"),
        RTOL("rtol"),
        WARMUP("warmup"),
        WARMUP_MS("warmupMs"),
        REPEAT("repeat"),
        MIN_SAMPLE_US("minSampleUs"),
        SHORT_PROFILE_MS("shortProfileMs"),
        TACTIC_BUDGET_MS("tacticBudgetMs"),
        TACTIC_TIMEOUT_MS("tacticTimeoutMs"),
        OP_BUDGET_MS("opBudgetMs"),
        CACHE_MAX_MB("cacheMaxMb"),
        CACHE_MAX_ENTRIES("cacheMaxEntries"),
        LOCK_TIMEOUT_MS("lockTimeoutMs"),
        CONTENTION("contention", "off", "retake"),
        MIN_GAIN_PERCENT("minGainPercent"),
        /** The tuning group's name: set, the process joins it (a provider such as autotune4j-distributed must be present). */
        GROUP("group"),
        /** The group's members to join, {@code host:port} separated by commas. */
        GROUP_MEMBERS("groupMembers"),
        /** {@code true}: the ranks are clients of an existing cluster ({@code group} its name) instead of its members. */
        GROUP_CLIENT("groupClient", "false", "true"),
        /** How many ranks the group has; {@code autotune4j.rank} is this process's. */
        GROUP_SIZE("groupSize"),
        /** How long a rank waits for another before going on without it. */
        GROUP_TIMEOUT_MS("groupTimeoutMs"),
        /** How ops that set none share their tuning in a group. */
        STRATEGY("strategy", "independent", "broadcast", "merge", "parallel");

        /** What a running runtime applies when it is told (an attribute of its bean); the others are read once, at start. */
        private static final List<String> LIVE = List.of("mode", "cache", "tuning", "sweep", "check");

        private final String key;
        private final List<String> choices;

        Setting(String key, String... choices) {
            this.key = key;
            this.choices = List.of(choices);
        }

        /** As agent arguments and the attach command write it: {@code tacticBudgetMs}. */
        public String key() {
            return key;
        }

        /** The system property: {@code autotune4j.tacticBudgetMs}. */
        public String property() {
            return PREFIX + key;
        }

        /** The environment variable: {@code AUTOTUNE4J_TACTIC_BUDGET_MS}; see {@link AgentProtocol#envName}. */
        public String envName() {
            return AgentProtocol.envName(property());
        }

        /** Whether a running runtime takes a new value (the bean's attribute); the others are read once, at start. */
        public boolean live() {
            return LIVE.contains(key);
        }

        /** The values a choice takes; empty for a number or a path (checked where it is read). */
        public List<String> choices() {
            return choices;
        }

        /** The value as the runtime compares it (trimmed, lower case), or null when it is not one of the choices. */
        public String choice(String value) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            return choices.contains(v) ? v : null;
        }

        /** The value as {@link #choice} gives it; a value that is not a choice is an error naming the choices. */
        public String require(String value) {
            String choice = choice(value);
            if (choice == null) {
                throw new IllegalArgumentException(notAChoice(value));
            }
            return choice;
        }

        /** The error for a value that is not a choice: names the setting, the value and the choices. */
        private String notAChoice(String value) {
            return key + "=" + value + " is not a " + key + " setting: use " + String.join(", ", choices);
        }

        /** The setting with this key (with or without the prefix), or null. */
        public static Setting of(String key) {
            String k = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
            for (Setting s : values()) {
                if (s.key.equals(k)) {
                    return s;
                }
            }
            return null;
        }
    }
}
