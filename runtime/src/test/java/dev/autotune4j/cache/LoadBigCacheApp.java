package dev.autotune4j.cache;

import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunerInternals;

import java.nio.file.Path;
import java.util.List;

/**
 * An application with a small heap whose cache file does not fit in it: loading must report that and load
 * nothing, the application must go on serving, and a save must neither lose its entry nor move the file away.
 * Runs in a child JVM; argument: the cache file.
 */
public final class LoadBigCacheApp {
    private LoadBigCacheApp() {
    }

    public static void main(String[] args) throws Exception {
        AutoTuner tuner = new AutoTuner();
        int loaded = tuner.loadCache(Path.of(args[0]));
        Object[] inputs = {new float[4]};
        Object out = tuner.chooseOne("after", List.of(new CacheFaultsTest.Spin()), TuningConfig.defaults(), inputs)
                .run(inputs);
        System.out.println("served loaded=" + loaded + " result=" + out);
        TunerInternals.store(tuner).markTuned();   // as if "after" had been tuned: the save must not lose it, nor the file on disk
        TunerInternals.cache(tuner).put(CacheFaultsTest.entry("after", 4, 5, 100));
        CacheFile.SaveResult saved = TunerInternals.save(tuner, Path.of(args[0]));
        System.out.println("saved aside=" + saved.sideFile());
    }
}
