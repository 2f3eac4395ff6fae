package dev.autotune4j.agent.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.CacheKey;
import dev.autotune4j.cache.CacheLimits;
import dev.autotune4j.cache.CacheReader;
import dev.autotune4j.cache.LoadResult;
import dev.autotune4j.cache.StoredTactic;
import dev.autotune4j.cache.Trial;
import dev.autotune4j.cache.Verdict;
import dev.autotune4j.profile.ShapeKey;
import dev.autotune4j.binding.Declarations;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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

    /**
     * Reads the file with the runtime's own reader (shaded into the agent jar with Jackson), so the report reads
     * exactly what the tuner reads: one source of the format. Entries the reader skips are named in a note.
     */
    static CacheReport read(Path file, List<String> notes) throws IOException {
        LoadResult loaded = CacheReader.read(file, CacheLimits.defaults());
        if (!loaded.ok()) {
            throw new IOException(file + ": " + loaded.problem());
        }
        List<String> allNotes = new ArrayList<>(notes);
        if (loaded.skipped() > 0) {
            allNotes.add("skipped=" + loaded.skipped() + " malformed entries, not shown (the first: "
                    + loaded.firstSkipReason() + ")");
        }
        if (!loaded.untuned().isEmpty()) {
            allNotes.add("untuned=" + loaded.untuned().size() + " profiles were called in replay mode but not tuned "
                    + "(a run in tune mode, or the pretune command, tunes them)");
        }
        List<Row> rows = new ArrayList<>();
        for (CacheEntry e : loaded.entries()) {
            rows.add(row(e));
        }
        rows.sort(Comparator.comparing(Row::op).thenComparingLong(Row::bucket).thenComparing(Row::profile));
        return new CacheReport(file, loaded.metadata().fields(), rows, allNotes);
    }

    private static Row row(CacheEntry e) {
        List<TrialRow> trials = new ArrayList<>();
        for (Trial t : e.trials()) {
            trials.add(new TrialRow(runner(t.runner(), t.runnerId()), tactic(t.tactic()), t.nanos(), t.spread(),
                    t.failure()));
        }
        CacheKey key = e.key();
        return new Row(key.op(), key.profile().toString(), firstDim(key.profile()),
                runner(key.runnerClass(), key.runnerId()), tactic(e.tactic()), e.fallbackNanos(), e.nanos(), e.spread(),
                e.samples(), trials, verdict(e.verdict()));
    }

    /**
     * The winner rule's verdict as one line: the accepted speedup with its 99% interval, or why the fallback was
     * kept with what the best candidate measured; empty for a file written before verdicts.
     */
    static String verdict(Verdict v) {
        if (v == null || Double.isNaN(v.speedup())) {
            return "";
        }
        String interval = String.format(Locale.ROOT, "%.2fx [%.2f, %s]", v.speedup(), v.low(),
                Double.isInfinite(v.high()) ? "inf" : String.format(Locale.ROOT, "%.2f", v.high()));
        return v.accepted() ? interval : "fallback kept; best candidate " + interval;
    }

    /** The first dimension of the first shaped input: for sorting rows by the token bucket. */
    private static long firstDim(ShapeKey profile) {
        for (int i = 0; i < profile.inputs(); i++) {
            if (profile.rank(i) > 0) {
                return profile.dim(i, 0);
            }
        }
        return 0;
    }

    /** A runner as people name it: {@code Ops.gemm(float[][], float[][], Loop)}, or its class and id. */
    static String runner(String cls, String id) {
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        int paren = id.indexOf('(');
        int close = id.indexOf(')');
        if (paren > 0 && close > paren) {
            List<String> params = new ArrayList<>();
            String descriptors = id.substring(paren + 1, close);
            for (int i = 0; i < descriptors.length(); ) {
                int end = i;
                while (descriptors.charAt(end) == '[') {
                    end++;
                }
                end = descriptors.charAt(end) == 'L' ? descriptors.indexOf(';', end) + 1 : end + 1;
                String type = Declarations.readable(descriptors.substring(i, end));
                params.add(type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1));
                i = end;
            }
            return simple + "." + id.substring(0, paren) + "(" + String.join(", ", params) + ")";
        }
        return id.isEmpty() ? simple : simple + " " + id;
    }

    /** A tactic as people name it: {@code 32}, {@code Loop.IKJ}, {@code Tile[m=16, n=8]}, {@code FALLBACK}. */
    static String tactic(JsonNode stored) {
        return StoredTactic.describe(stored);
    }

    List<String> ops() {
        return rows.stream().map(Row::op).distinct().toList();
    }

    List<Row> rowsOf(String op) {
        return rows.stream().filter(r -> r.op().equals(op)).toList();
    }
}
