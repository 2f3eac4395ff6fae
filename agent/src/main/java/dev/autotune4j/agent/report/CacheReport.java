package dev.autotune4j.agent.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cache file read for people: per op and profile, the chosen runner and tactic, the fallback's time, the
 * tuned time, the speedup, and every tactic that was timed. Rendered by {@link TextReport} and
 * {@link HtmlReport}.
 */
record CacheReport(Path file, Map<String, String> metadata, List<Row> rows, List<String> notes) {

    /** One tuned profile of one op. */
    record Row(String op, String profile, long bucket, String runner, String tactic, double fallbackNanos,
               double nanos, double spread, int samples, List<TrialRow> trials, String verdict) {
        double speedup() {
            return Double.isNaN(fallbackNanos) || nanos <= 0 ? Double.NaN : fallbackNanos / nanos;
        }
    }

    /** One timed (runner, tactic). */
    record TrialRow(String runner, String tactic, double nanos, double spread, String failure) {
    }

    private static final long MAX_BYTES = 64L << 20;

    static CacheReport read(Path file, List<String> notes) throws IOException {
        // a FIFO would block and a link to /dev/zero never ends: only a regular file is read, and only up to the limit
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file (a directory, a device, a FIFO or a broken link)");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(file + " is " + size + " bytes: not a cache file");
        }
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException(file + " grew past " + MAX_BYTES + " bytes while it was read: not a cache file");
        }
        Object root;
        try {
            root = Json.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> doc) || !"autotune4j-cache".equals(doc.get("format"))) {
            throw new IOException(file + " is not an autotune4j cache file (no \"format\": \"autotune4j-cache\")");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (doc.get("metadata") instanceof Map<?, ?> meta) {
            meta.forEach((k, v) -> metadata.put(String.valueOf(k), v instanceof Double d && d == Math.rint(d)
                    ? String.valueOf(d.longValue()) : String.valueOf(v)));
        }
        List<Row> rows = new ArrayList<>();
        if (doc.get("entries") instanceof List<?> entries) {
            for (Object e : entries) {
                if (e instanceof Map<?, ?> m) {
                    rows.add(row(m));
                }
            }
        }
        rows.sort(Comparator.comparing(Row::op).thenComparingLong(Row::bucket).thenComparing(Row::profile));
        return new CacheReport(file, metadata, rows, notes);
    }

    private static Row row(Map<?, ?> e) {
        String profile = profile(e.get("profile"));
        List<TrialRow> trials = new ArrayList<>();
        if (e.get("trials") instanceof List<?> list) {
            for (Object t : list) {
                if (t instanceof Map<?, ?> tm) {
                    trials.add(new TrialRow(runner(str(tm.get("runner")), str(tm.get("runnerId"))), tactic(tm.get("tactic")),
                            num(tm.get("nanos")), num(tm.get("spread")), tm.get("failure") == null ? null : str(tm.get("failure"))));
                }
            }
        }
        return new Row(str(e.get("op")), profile, firstDynamic(e.get("profile")),
                runner(str(e.get("runner")), str(e.get("runnerId"))), tactic(e.get("tactic")), num(e.get("fallbackNanos")),
                num(e.get("nanos")), num(e.get("spread")), (int) num(e.get("samples")), trials, verdict(e.get("verdict")));
    }

    /**
     * The winner rule's verdict as one line: the accepted speedup with its 99% interval, or why the fallback was
     * kept with what the best candidate measured; empty for a file written before verdicts.
     */
    static String verdict(Object v) {
        if (!(v instanceof Map<?, ?> m) || !(m.get("speedup") instanceof Double speedup)) {
            return "";
        }
        String interval = String.format(java.util.Locale.ROOT, "%.2fx [%.2f, %s]", speedup, num(m.get("low")),
                m.get("high") instanceof Double h ? String.format(java.util.Locale.ROOT, "%.2f", h) : "inf");
        return Boolean.TRUE.equals(m.get("accepted")) ? interval
                : "fallback kept; best candidate " + interval;
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static double num(Object o) {
        return o instanceof Double d ? d : Double.NaN;
    }

    /** {@code [[8,256],[256,256]]}. */
    private static String profile(Object p) {
        if (!(p instanceof List<?> shapes)) {
            return "?";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shapes.size(); i++) {
            sb.append(i > 0 ? "," : "").append('[');
            if (shapes.get(i) instanceof List<?> dims) {
                for (int d = 0; d < dims.size(); d++) {
                    sb.append(d > 0 ? "," : "").append(dims.get(d) instanceof Double v ? String.valueOf(v.longValue()) : "?");
                }
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    /** The first dimension of the first shaped input: for sorting rows by the token bucket. */
    private static long firstDynamic(Object p) {
        if (p instanceof List<?> shapes) {
            for (Object s : shapes) {
                if (s instanceof List<?> dims && !dims.isEmpty() && dims.get(0) instanceof Double v) {
                    return v.longValue();
                }
            }
        }
        return 0;
    }

    /** A runner as people name it: {@code ScaleApp.work(float[], Speed)}, or its class and id. */
    static String runner(String cls, String id) {
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        int paren = id.indexOf('(');
        if (paren > 0 && id.indexOf(')') > paren) {
            return simple + "." + id.substring(0, paren) + "(" + params(id.substring(paren + 1, id.indexOf(')'))) + ")";
        }
        return id.isEmpty() ? simple : simple + " " + id;
    }

    private static String params(String descriptors) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < descriptors.length()) {
            int dims = 0;
            while (descriptors.charAt(i) == '[') {
                dims++;
                i++;
            }
            String base;
            char c = descriptors.charAt(i);
            if (c == 'L') {
                int end = descriptors.indexOf(';', i);
                String name = descriptors.substring(i + 1, end);
                base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('$')) + 1);
                i = end + 1;
            } else {
                base = switch (c) {
                    case 'Z' -> "boolean";
                    case 'B' -> "byte";
                    case 'C' -> "char";
                    case 'S' -> "short";
                    case 'I' -> "int";
                    case 'J' -> "long";
                    case 'F' -> "float";
                    default -> "double";
                };
                i++;
            }
            out.add(base + "[]".repeat(dims));
        }
        return String.join(", ", out);
    }

    /** A tactic as people name it: {@code 32}, {@code Loop.IKJ}, {@code Tile[m=16, n=8]}, {@code FALLBACK}. */
    static String tactic(Object node) {
        if (!(node instanceof Map<?, ?> t)) {
            return "?";
        }
        String type = str(t.get("type"));
        Object value = t.get("value");
        switch (type) {
            case "fallback":
                return "FALLBACK (body)";
            case "null":
                return "null";
            case "enum": {
                String cls = str(t.get("class"));
                return cls.substring(Math.max(cls.lastIndexOf('.'), cls.lastIndexOf('$')) + 1) + "." + value;
            }
            case "record": {
                String cls = str(t.get("class"));
                StringBuilder sb = new StringBuilder(cls.substring(Math.max(cls.lastIndexOf('.'), cls.lastIndexOf('$')) + 1)).append('[');
                if (value instanceof Map<?, ?> fields) {
                    List<String> parts = new ArrayList<>();
                    fields.forEach((k, v) -> parts.add(k + "=" + tactic(v)));
                    sb.append(String.join(", ", parts));
                }
                return sb.append(']').toString();
            }
            case "list": {
                List<String> parts = new ArrayList<>();
                if (value instanceof List<?> items) {
                    items.forEach(v -> parts.add(tactic(v)));
                }
                return parts.toString();
            }
            case "map": {
                List<String> parts = new ArrayList<>();
                if (value instanceof Map<?, ?> fields) {
                    fields.forEach((k, v) -> parts.add(k + "=" + tactic(v)));
                }
                return "{" + String.join(", ", parts) + "}";
            }
            default:
                return value instanceof Double d && d == Math.rint(d) && !type.equals("double") && !type.equals("float")
                        ? String.valueOf(d.longValue()) : String.valueOf(value);
        }
    }

    List<String> ops() {
        return rows.stream().map(Row::op).distinct().toList();
    }

    List<Row> rowsOf(String op) {
        return rows.stream().filter(r -> r.op().equals(op)).toList();
    }
}
