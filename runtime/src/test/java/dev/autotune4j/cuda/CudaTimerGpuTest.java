package dev.autotune4j.cuda;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.Failure;
import dev.autotune4j.dispatch.OpStatistics;
import dev.autotune4j.dispatch.TunableOp;
import dev.autotune4j.dispatch.TuningSession;
import dev.autotune4j.measure.Measurement;
import dev.autotune4j.measure.TacticTimer;
import dev.autotune4j.measure.TimingSettings;
import jcuda.Pointer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA timer on a real GPU. Tagged {@code gpu}: CI (no GPU) excludes it; on the GPU machine it runs
 * with {@code .gpu/run junit --include-tag gpu}. Skipped, not failed, where no CUDA driver is found.
 */
@Tag("gpu")
class CudaTimerGpuTest {

    @BeforeAll
    static void needsAGpu() {
        Assumptions.assumeTrue(Cuda.available(), () -> "no CUDA: " + Cuda.unavailableReason());
        System.out.println("GPU: " + Cuda.identity());
    }

    /** A tactic whose duration is a spin of the given microseconds; a string tactic "bad" launches 2048 threads. */
    record SpinRunner(String name, double micros) implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(micros);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            Kernels.spin(CudaStreams.current(), tactic == FALLBACK ? 3 * micros : (Double) tactic);
            return null;
        }

        @Override
        public String id() {
            return name;
        }
    }

    private static double measure(double micros, boolean graph) throws Exception {
        CudaTimer timer = new CudaTimer();
        Object[] inputs = {DeviceTensor.allocate(16)};
        TacticTimer.Timing t = timer.start(new SpinRunner("spin", micros), inputs, micros,
                TuningConfig.builder().cudaGraph(graph).build());
        double[] samples = new double[t.samplesWanted()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = t.sample();
        }
        return Measurement.of(samples, samples.length).nanos() / 1000;
    }

    /** A spin kernel of known duration is measured within 3% with graph + delay; the table compares eager. */
    @Test
    void knownDurationsAreMeasuredWithinThreePercent() throws Exception {
        System.out.println("duration us | eager (1000us delay) us | graph (100us delay) us | graph error");
        StringBuilder failures = new StringBuilder();
        for (double d : new double[] {5, 20, 100, 1000}) {
            double eager = measure(d, false);
            double graph = measure(d, true);
            double error = (graph - d) / d;
            System.out.printf(Locale.ROOT, "%11.0f | %23.3f | %22.3f | %+.2f%%%n", d, eager, graph, 100 * error);
            if (Math.abs(error) > 0.03) {
                failures.append(String.format(Locale.ROOT, "D=%.0f us measured %.3f us (%+.2f%%); ", d, graph, 100 * error));
            }
        }
        assertEquals("", failures.toString());
    }

    /** Wherever two tactics differ by 10% or more, the faster one is chosen, on every bucket. */
    @Test
    void fasterTacticWinsOnEveryBucket() {
        // tactic A costs 10 + 0.05 x rows us, tactic B 20 us: A wins at 16 and 64 rows, B at 256 and 1024
        Runner scaled = new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of("A", "B");
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                long rows = ((DeviceTensor) inputs[0]).dim(0);
                double micros = tactic == FALLBACK ? 80 : tactic.equals("A") ? 10 + 0.05 * rows : 20;
                Kernels.spin(CudaStreams.current(), micros);
                return null;
            }
        };
        AutoTuner tuner = new AutoTuner(TimingSettings.defaults());
        TuningConfig config = TuningConfig.builder().dynamic(0, 0, Buckets.of(16, 64, 256, 1024), Buckets.nextPowerOfTwo())
                .build();
        TunableOp op = tuner.op("scaled", List.of(scaled), config);
        try (TuningSession s = tuner.tune()) {
            op.choose(new Object[] {DeviceTensor.allocate(16, 8)});
        }
        assertEquals("A", op.choose(new Object[] {DeviceTensor.allocate(16, 8)}).tactic());
        assertEquals("A", op.choose(new Object[] {DeviceTensor.allocate(64, 8)}).tactic());
        assertEquals("B", op.choose(new Object[] {DeviceTensor.allocate(256, 8)}).tactic());
        assertEquals("B", op.choose(new Object[] {DeviceTensor.allocate(1024, 8)}).tactic());
    }

    /** The cache saved by one tuner is replayed by a fresh one with no tuning; the GPU is in the metadata. */
    @Test
    void savedCacheIsReplayedWithoutTuning(@TempDir Path dir) throws Exception {
        List<Runner> runners = List.of(new SpinRunner("slow", 30), new SpinRunner("fast", 10));
        TuningConfig config = TuningConfig.defaults();
        Path file = dir.resolve("gpu.json");
        AutoTuner first = new AutoTuner(TimingSettings.defaults());
        try (TuningSession s = first.tune(file)) {
            assertEquals("fast", first.chooseOne("spin", runners, config, DeviceTensor.allocate(4)).runner().id());
        }
        String json = java.nio.file.Files.readString(dir.resolve("gpu.rank0.json"));
        assertTrue(json.contains("\"gpuName\" : \"" + Cuda.deviceName() + "\""), json);

        AutoTuner next = new AutoTuner(TimingSettings.defaults());
        assertEquals(1, next.loadCache(dir.resolve("gpu.rank0.json")));
        Choice c = next.chooseOne("spin", runners, config, DeviceTensor.allocate(4));
        assertEquals("fast", c.runner().id());
        OpStatistics stats = next.statistics().op("spin").orElseThrow();
        assertEquals(0, stats.tunedProfiles());
        assertEquals(0, stats.misses());
    }

    /** A tactic launched with an invalid configuration fails cleanly; the others still tune. */
    @Test
    void invalidLaunchFailsCleanlyAndOthersTune() {
        Runner runner = new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of("bad", "good");
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                if ("bad".equals(tactic)) {
                    // 2048 threads in a block: more than any GPU allows
                    Kernels.launch("spin_ns", 1, 1, 2048, 1, 0, CudaStreams.current(), Pointer.to(new long[] {1000}));
                } else {
                    Kernels.spin(CudaStreams.current(), tactic == FALLBACK ? 50 : 5);
                }
                return null;
            }
        };
        AutoTuner tuner = new AutoTuner(TimingSettings.defaults());
        try (TuningSession s = tuner.tune()) {
            assertEquals("good", tuner.chooseOne("launch", List.of(runner), TuningConfig.defaults(),
                    DeviceTensor.allocate(4)).tactic());
        }
        List<Failure> failures = tuner.statistics().op("launch").orElseThrow().failures();
        assertEquals(1, failures.size());
        assertEquals("bad", failures.get(0).tactic());
        assertTrue(failures.get(0).reason().contains("CUDA_ERROR_INVALID_VALUE"), failures.get(0).reason());
        // the context is still usable
        assertFalse(DeviceTensor.random(1, 8).toHost()[0] == 0f);
    }

    /** A tactic that synchronizes inside cannot be captured in a graph: it is timed eagerly, and still competes. */
    @Test
    void uncapturableTacticIsTimedEagerly() throws Exception {
        Runner syncing = new Runner() {
            @Override
            public List<?> validTactics(Object[] inputs, Profile profile) {
                return List.of(10.0);
            }

            @Override
            public Object run(Object[] inputs, Object tactic) {
                Kernels.spin(CudaStreams.current(), (Double) tactic);
                CudaStreams.synchronize();   // not allowed while the stream is being captured
                return null;
            }
        };
        TacticTimer.Timing t = new CudaTimer().start(syncing, new Object[] {DeviceTensor.allocate(4)}, 10.0,
                TuningConfig.builder().cudaGraph(true).build());
        double[] samples = new double[t.samplesWanted()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = t.sample();
        }
        double micros = Measurement.of(samples, samples.length).nanos() / 1000;
        // eager and synchronizing: each launch also pays the host round trip, but the order of magnitude holds
        assertTrue(micros > 9 && micros < 60, "measured " + micros + " us");
        // the stream is usable afterwards
        assertTrue(DeviceTensor.random(3, 16).toHost()[0] != 0f);
    }

    /** Cold L2: input copies that together exceed the L2 three times, at most repeat + 1. */
    @Test
    void coldL2CopiesAreSizedFromTheL2() {
        long l2 = Cuda.l2CacheBytes();
        assertTrue(l2 > 1 << 20, "L2 of " + l2 + " bytes");
        DeviceTensor small = DeviceTensor.allocate(1024);
        assertEquals(11, CudaTimer.coldCopies(new Object[] {small, 3}, 10).length, "small inputs: repeat + 1");
        DeviceTensor big = DeviceTensor.allocate(l2 / 4);   // exactly the L2 size in floats
        Object[][] copies = CudaTimer.coldCopies(new Object[] {big}, 10);
        assertEquals(4, copies.length, "3 x L2 / L2 + 1");
        assertTrue(copies[1][0] != big && ((DeviceTensor) copies[1][0]).elements() == big.elements());
    }

    /** A faulting tactic loses the context: the tuner stops and says so, instead of timing garbage. */
    @Test
    void lostContextStopsTuningAndSaysSo() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", probeClasspath(),
                StickyErrorProbe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        System.out.println(out);
        assertTrue(out.contains("the CUDA context is lost"), out);
        assertTrue(out.contains("CUDA_ERROR_ILLEGAL_ADDRESS"), out);
        assertTrue(out.contains("cache entries: 0"), "nothing measured after the fault is cached: " + out);
        assertTrue(out.contains("choice: #0/FALLBACK (fallback)"), out);
        assertTrue(out.contains("faulty") && out.matches("(?s).*faulty\\s+0\\s+0\\s+0\\s+0\\s+\\d+\\s+1.*"),
                "the faulting tactic is counted as failed (hits misses busy tuned timed failed): " + out);
    }

    /**
     * The classpath of the probe's JVM, from where this JVM found the classes it needs: under the JUnit console
     * launcher {@code java.class.path} holds only the launcher.
     */
    private static String probeClasspath() throws Exception {
        java.util.LinkedHashSet<String> entries = new java.util.LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {StickyErrorProbe.class, AutoTuner.class, jcuda.driver.JCudaDriver.class,
                com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonProperty.class, org.slf4j.LoggerFactory.class,
                org.slf4j.simple.SimpleLogger.class}) {
            entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        java.net.URL natives = jcuda.driver.JCudaDriver.class.getClassLoader()
                .getResource("lib/libJCudaDriver-12.6.0-linux-x86_64.so");
        if (natives != null && "jar".equals(natives.getProtocol())) {
            String file = natives.getPath();
            entries.add(Path.of(new java.net.URI(file.substring(0, file.indexOf("!/")))).toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    @Test
    void deviceTensorsRoundTripAndFillWithoutZeros() {
        float[] data = {1, 2, 3, 4, 5, 6};
        assertEquals(List.of(1f, 2f, 3f, 4f, 5f, 6f), boxed(DeviceTensor.fromHost(data, 2, 3).toHost()));
        float[] random = DeviceTensor.random(7, 1000).toHost();
        for (float v : random) {
            assertTrue(v != 0 && v >= -1 && v < 1, "value " + v);
        }
        DeviceTensor shaped = (DeviceTensor) DeviceTensor.allocate(2, 8).withShape(new long[] {64, 8});
        assertEquals(64, shaped.dim(0));
        assertEquals(512, shaped.elements());
    }

    private static List<Float> boxed(float[] a) {
        List<Float> out = new java.util.ArrayList<>();
        for (float v : a) {
            out.add(v);
        }
        return out;
    }
}
