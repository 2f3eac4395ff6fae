package dev.autotune4j.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a cache file was made. Some fields identify the device and library (a choice tuned elsewhere is not
 * trusted here); the rest are for people. The reference writes such metadata and never checks it; we check
 * it on every load.
 */
public final class CacheMetadata {
    public static final String LIBRARY_VERSION = "libraryVersion";
    public static final String OS = "os";
    public static final String ARCH = "arch";
    public static final String CPU_MODEL = "cpuModel";

    /** Fields that must match for entries to be used; a timer (the CUDA one) may add its own. */
    private static final Set<String> IDENTITY = Collections.synchronizedSet(
            new TreeSet<>(List.of(LIBRARY_VERSION, OS, ARCH, CPU_MODEL)));

    private final Map<String, String> fields;

    public CacheMetadata(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** This JVM's metadata; {@code extra} adds fields such as the GPU's. */
    public static CacheMetadata current(Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(LIBRARY_VERSION, libraryVersion());
        m.put("jvmVersion", System.getProperty("java.vm.version", "?"));
        m.put("jvmVendor", System.getProperty("java.vm.vendor", "?"));
        m.put(OS, System.getProperty("os.name", "?"));
        m.put(ARCH, System.getProperty("os.arch", "?"));
        m.put(CPU_MODEL, cpuModel());
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.putAll(extra);
        return new CacheMetadata(m);
    }

    /** Declares another field that must match (the CUDA timer adds the GPU name, for instance). */
    public static void addIdentityField(String name) {
        IDENTITY.add(name);
    }

    public Map<String, String> fields() {
        return fields;
    }

    public String get(String name) {
        return fields.get(name);
    }

    /**
     * The identity fields on which a file made with {@code other} differs from this one, as readable
     * {@code name: theirs != ours} items; empty when its entries can be used here. A field that only one side
     * has is not compared here: a file from a JVM without a GPU has no GPU name, and no GPU entries; a field only
     * the file has is {@link #unknownHere pending} until this JVM knows it.
     */
    public List<String> mismatches(CacheMetadata other) {
        List<String> out = new ArrayList<>();
        synchronized (IDENTITY) {
            for (String name : IDENTITY) {
                String ours = fields.get(name);
                String theirs = other.fields.get(name);
                if (ours != null && theirs != null && !ours.equals(theirs)) {
                    out.add(name + " '" + theirs + "' != '" + ours + "'");
                }
            }
        }
        if (other.fields.get(LIBRARY_VERSION) == null) {
            out.add(LIBRARY_VERSION + " missing");
        }
        return out;
    }

    /**
     * The identity fields a file made with {@code other} has and this JVM does not know yet (a GPU's, before CUDA
     * started here). Its entries load; once the field is known they are checked again ({@code CacheStore}).
     */
    public List<String> unknownHere(CacheMetadata other) {
        List<String> out = new ArrayList<>();
        synchronized (IDENTITY) {
            for (String name : IDENTITY) {
                if (fields.get(name) == null && other.fields.get(name) != null) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    public static String libraryVersion() {
        try (InputStream in = CacheMetadata.class.getResourceAsStream("/dev/autotune4j/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through: an unreadable resource means an unknown version, which still compares exactly
        }
        return "unknown";
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall back to what the JVM knows
        }
        String id = System.getenv("PROCESSOR_IDENTIFIER");
        return id != null ? id : System.getProperty("os.arch", "unknown");
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
