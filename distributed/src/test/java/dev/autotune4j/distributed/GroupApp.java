package dev.autotune4j.distributed;

import dev.autotune4j.api.DistributedStrategy;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.OpStatistics;
import dev.autotune4j.dispatch.TuningGroup;
import dev.autotune4j.dispatch.TuningSession;
import dev.autotune4j.measure.TimingSettings;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One rank of {@link GroupIT}'s groups, in its own JVM: joins the group, tunes one op per strategy (the same ops in
 * the same order on every rank, as the ranks of a job warm up), and prints per op the choice and how many
 * (runner, tactic, profile) triples this rank timed.
 *
 * <p>Usage: {@code GroupApp rank size members timeoutMs [strategy...]}; with {@code -Dautotune4j.group} set, the
 * process tuner ({@code AutoTuner.get()}) joins the group from its settings instead. Tactic 5 of the eight is clearly fastest,
 * the fallback slowest. A rank given {@code fail=R} as last argument throws from every tactic it times on rank R; a
 * rank given {@code stall} stops after joining (until it is killed); {@code client=NAME} as last argument joins as a
 * client of the existing cluster NAME at {@code members}.
 */
public final class GroupApp {
    private GroupApp() {
    }

    /**
     * Tactic t sums the array 1 + 3 |t - 5| times: 5 once, its neighbours 4 and 6 four times, the others 7 to 16
     * times; the fallback 24 times. Four times, not twice: in PARALLEL each rank times its share in its own JVM, and
     * with three JVMs on two cores (a clean-clone verify) rank 0 once timed tactic 4 at two passes faster than rank 1
     * timed tactic 5 at one, and the group chose 4.
     */
    record Passes(int failOnRank, int rank) implements Runner {
        /** The same on every rank: a runner's id is part of the cache key the ranks exchange. */
        @Override
        public String id() {
            return "passes";
        }

        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(0, 1, 2, 3, 4, 5, 6, 7);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            int passes = tactic == FALLBACK ? 24 : 1 + 3 * Math.abs((Integer) tactic - 5);
            if (tactic != FALLBACK && rank == failOnRank) {
                throw new IllegalStateException("this rank's device cannot run tactic " + tactic);
            }
            float[] data = (float[]) inputs[0];
            double s = 0;
            for (int p = 0; p < passes; p++) {
                for (float v : data) {
                    s += v;
                }
            }
            return s / passes;
        }
    }

    public static void main(String[] args) throws Exception {
        int rank = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        String members = args[2];
        String timeout = args[3];
        int failOnRank = args[args.length - 1].startsWith("fail=") ? Integer.parseInt(args[args.length - 1].substring(5)) : -1;
        String cluster = args[args.length - 1].startsWith("client=") ? args[args.length - 1].substring(7) : null;
        Map<String, String> settings = Map.of("autotune4j.group", cluster != null ? cluster : "it",
                "autotune4j.groupMembers", members, "autotune4j.groupSize", String.valueOf(size),
                "autotune4j.rank", String.valueOf(rank), "autotune4j.groupTimeoutMs", timeout,
                "autotune4j.groupClient", String.valueOf(cluster != null));
        long t0 = System.nanoTime();
        AutoTuner tuner;
        TuningGroup group = null;
        if (System.getProperty("autotune4j.group") != null) {
            tuner = AutoTuner.get();   // the process tuner joins the group its -D settings name
        } else {
            group = new HazelcastGroups().join(settings::get);
            tuner = new AutoTuner(TimingSettings.quick());
            tuner.joinGroup(group, DistributedStrategy.INDEPENDENT, Duration.ofMillis(Long.parseLong(timeout)));
        }
        System.out.println("joined rank=" + rank + " ms=" + (System.nanoTime() - t0) / 1_000_000);
        float[] data = new float[4096];
        java.util.Arrays.fill(data, 1f);
        for (int a = 4; a < args.length; a++) {
            if (args[a].equals("stall")) {
                Thread.sleep(600_000);
            }
            if (args[a].startsWith("fail=") || args[a].startsWith("client=") || args[a].equals("stall")) {
                continue;
            }
            DistributedStrategy strategy = DistributedStrategy.parse(args[a]);
            String op = "sum-" + strategy.name().toLowerCase(java.util.Locale.ROOT);
            TuningConfig config = TuningConfig.builder().distributed(strategy).build();
            long start = System.nanoTime();
            try (TuningSession s = tuner.tune()) {
                tuner.chooseOne(op, List.of(new Passes(failOnRank, rank)), config, (Object) data);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            Object chosen = tuner.chooseOne(op, List.of(new Passes(failOnRank, rank)), config, (Object) data).tactic();
            OpStatistics stats = tuner.statistics().op(op).orElseThrow();
            System.out.println("op " + op + " choice=" + chosen + " timed=" + stats.timedCandidates() + " failures="
                    + stats.failures().size() + " ms=" + millis);
            tuner.choices().stream().filter(c -> c.op().equals(op)).findFirst()
                    .ifPresent(c -> System.out.println("why " + op + " " + c.reason()));
        }
        if (group != null) {
            group.close();
        }
        System.out.println("done rank=" + rank);
    }
}
