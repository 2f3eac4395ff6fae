package dev.autotune4j.cuda;

import dev.autotune4j.cache.CacheEntry;
import dev.autotune4j.cache.CacheFile;
import dev.autotune4j.cache.CacheKey;
import dev.autotune4j.cache.CacheMetadata;
import dev.autotune4j.cache.TacticCodec;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunerInternals;
import dev.autotune4j.profile.ShapeKey;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh JVM that loads a cache file made on another GPU before CUDA starts, then starts CUDA: the entries load
 * provisionally and are dropped when the GPU becomes known (issue 10, item 5). Argument: a file to write and load.
 */
public final class LateCudaStartApp {
    private LateCudaStartApp() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        AutoTuner tuner = new AutoTuner();
        Map<String, String> other = new LinkedHashMap<>(TunerInternals.metadata(tuner).fields());
        other.put("gpuName", "Some Other GPU");
        CacheEntry e = new CacheEntry(new CacheKey("spin", "x.Runner", "", ShapeKey.of(new long[][] {{4}})), 0,
                TacticCodec.encode(1), null, 100, 10, 0, 200, List.of());
        CacheFile.save(file, List.of(e), new CacheMetadata(other));
        System.out.println("cudaBefore=" + Cuda.initialized());
        int loaded = tuner.loadCache(file);
        boolean available = Cuda.available();   // starts CUDA
        System.out.println("loaded=" + loaded + " cuda=" + available + " after=" + TunerInternals.entries(tuner).size());
    }
}
