package dev.autotune4j.control;

import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunerInternals;

import java.util.List;

/**
 * An application deployed in a class loader of its own (as a container deploys a web application): it tunes one
 * op with the process-wide tuner and a cache file, then returns; {@link UndeployLauncher} closes its loader.
 */
public final class UndeployedApp {
    private UndeployedApp() {
    }

    /** Without a container: tunes, then exits (the save at exit runs). Argument: the cache file. */
    public static void main(String[] args) throws Exception {
        System.out.println("sum=" + run(args[0]));
    }

    /** Called through reflection from the launcher, inside the child loader. */
    public static int run(String cacheFile) throws Exception {
        System.setProperty("autotune4j.cache", cacheFile);
        System.setProperty("autotune4j.mode", "tune");
        AutoTuner tuner = AutoTuner.get();
        int sum = 0;
        for (int rows : new int[] {3, 20, 100}) {
            Object[] inputs = {new float[rows][4]};
            sum += (Integer) tuner.chooseOne("undeployed", List.of(new Spins()), TuningConfig.defaults(), inputs).run(inputs);
        }
        // a real undeploy comes long after start; the preparation runs in the background and takes ~0.3 s cold
        TunerInternals.store(tuner).awaitSavePrepared(30_000);
        return sum;
    }

    /** Tactic t spins t microseconds; the fallback the longest, so a tactic wins every bucket. */
    public static final class Spins implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(1, 2);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            long micros = tactic == FALLBACK ? 50 : (Integer) tactic;
            long end = System.nanoTime() + micros * 1000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return 1;
        }
    }
}
