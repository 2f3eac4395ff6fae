package dev.autotune4j.cuda;

import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.cache.CacheMetadata;
import dev.autotune4j.measure.MetadataSource;
import dev.autotune4j.internal.Log;
import dev.autotune4j.measure.TacticTimer;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times GPU tactics, as TensorRT-LLM's tuner does: chosen automatically for an op whose inputs include a
 * {@link DeviceTensor}. A tactic is warmed, then each sample is one timed run of {@code repeat} launches
 * between two CUDA events: a spin kernel enqueued before the start event keeps the GPU busy while the host
 * enqueues, so host launch overhead is hidden (1000 µs before eager launches, 100 µs before a graph replay);
 * with {@link TuningConfig#cudaGraph()} the launches are captured once in a CUDA graph and replayed, and a
 * tactic that cannot be captured is timed eagerly with the reason logged. A tactic slower than 1 ms is timed
 * with 2 launches (the short-profile rule). With {@link TuningConfig#coldCache()} the launches rotate over
 * copies of the inputs that together exceed the L2 cache three times (3 x L2 / input bytes + 1, at most
 * repeat + 1). Tactics launch on {@link CudaStreams#current()}, which the timer sets to its own stream.
 *
 * <p>Every sample is net of an empty launch timed the same way (same method, same number of launches)
 * right before it: on an H200 a graph node costs about 0.7 µs and an eager launch 1.5 µs even for a kernel
 * that does nothing, which would otherwise add 15% to a 5 µs kernel; pairing the two samples cancels the
 * clock state they share. What a tactic costs beyond its first launch (a second kernel, a copy) is still
 * counted.
 */
public final class CudaTimer implements TacticTimer, MetadataSource {
    private static final Log LOG = Log.get(CudaTimer.class);
    static final double EAGER_DELAY_MICROS = 1000;
    static final double GRAPH_DELAY_MICROS = 100;
    static final int WARMUP = 2;
    static final int REPEAT = 10;
    static final int SAMPLES = 5;
    static final int FEWER_REPEAT = 2;
    static final double SHORT_PROFILE_NANOS = 1_000_000;
    /** How GPU entries were measured: part of the cache identity, so a change of method invalidates them. */
    static final String POLICY = "cuda-events, delay kernel (eager 1000us, graph 100us), graph and cold L2 per op config";

    private static final ThreadLocal<CUstream> PROFILING_STREAM = new ThreadLocal<>();
    /** Launches nothing but an empty kernel: the baseline subtracted from every sample. */
    private static final Runner EMPTY = new Runner() {
        @Override
        public java.util.List<?> validTactics(Object[] inputs, dev.autotune4j.api.Profile profile) {
            return java.util.List.of();
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            Kernels.spin(CudaStreams.current(), 0);
            return null;
        }

        @Override
        public String toString() {
            return "empty launch";
        }
    };

    static {
        for (String field : new String[] {"gpuName", "gpuComputeCapability", "cudaDriverVersion", "gpuTimingPolicy"}) {
            CacheMetadata.addIdentityField(field);
        }
    }

    /** For {@link java.util.ServiceLoader}: the tuner finds this timer when JCuda is on the classpath. */
    public CudaTimer() {
    }

    @Override
    public boolean accepts(Object[] inputs) {
        for (Object x : inputs) {
            if (x instanceof DeviceTensor) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void whenChanged(Runnable listener) {
        Cuda.whenInitialized(listener);
    }

    @Override
    public Map<String, String> metadata() {
        if (!Cuda.initialized()) {
            return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>(Cuda.identity());
        m.put("gpuTimingPolicy", POLICY);
        return m;
    }

    @Override
    public Timing start(Runner runner, Object[] inputs, Object tactic, TuningConfig config) throws Exception {
        Cuda.makeCurrent();
        CUstream stream = profilingStream();
        CUstream previous = CudaStreams.set(stream);
        try {
            int repeat = config.repeat() > 0 ? config.repeat() : REPEAT;
            Object[][] batches = config.coldCache() ? coldCopies(inputs, repeat) : new Object[][] {inputs};
            int warmup = Math.max(1, config.warmup() >= 0 ? config.warmup() : WARMUP);
            for (int w = 0; w < warmup; w++) {
                runner.run(batches[batches.length - 1], tactic);
            }
            Cuda.check(JCudaDriver.cuStreamSynchronize(stream), "warmup of tactic " + tactic);
            GpuTiming timing = new GpuTiming(runner, tactic, batches, stream);
            double estimate = timing.eager(FEWER_REPEAT);
            boolean slow = estimate > SHORT_PROFILE_NANOS;
            timing.perSample = slow ? FEWER_REPEAT : repeat;
            timing.wanted = slow ? 1 : SAMPLES;
            if (config.cudaGraph()) {
                timing.capture();
            }
            timing.empty = emptyLaunch(stream, timing.graph != null, timing.perSample);
            return timing;
        } finally {
            CudaStreams.set(previous);
        }
    }

    /** An empty launch timed by the same method and launch count, to pair with each sample of a tactic. */
    private static GpuTiming emptyLaunch(CUstream stream, boolean graph, int launches) throws Exception {
        GpuTiming empty = new GpuTiming(EMPTY, null, new Object[][] {new Object[0]}, stream);
        empty.perSample = launches;
        empty.eager(launches);
        if (graph) {
            empty.capture();
        }
        return empty;
    }

    private static CUstream profilingStream() {
        CUstream s = PROFILING_STREAM.get();
        if (s == null) {
            s = new CUstream();
            Cuda.check(JCudaDriver.cuStreamCreate(s, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
            PROFILING_STREAM.set(s);
        }
        return s;
    }

    static Object[][] coldCopies(Object[] inputs, int repeat) {
        long bytes = 0;
        for (Object x : inputs) {
            if (x instanceof DeviceTensor t) {
                bytes += t.bytes();
            }
        }
        if (bytes == 0) {
            return new Object[][] {inputs};
        }
        int count = dev.autotune4j.measure.CacheSizes.coldCopies(Cuda.l2CacheBytes(), bytes, repeat);
        Object[][] out = new Object[count][];
        out[0] = inputs;
        for (int c = 1; c < count; c++) {
            out[c] = inputs.clone();
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] instanceof DeviceTensor t) {
                    out[c][i] = t.copy();
                }
            }
        }
        return out;
    }

    /** The samples of one warmed GPU tactic. */
    private static final class GpuTiming implements Timing {
        private final Runner runner;
        private final Object tactic;
        private final Object[][] batches;
        private final CUstream stream;
        private final CUevent start = event();
        private final CUevent end = event();
        private CUgraphExec graph;
        /** The empty launch sampled right before each sample of this tactic, and subtracted from it. */
        GpuTiming empty;
        int perSample = REPEAT;
        int wanted = SAMPLES;
        private boolean released;

        @Override
        public boolean jitSensitive() {
            return false;   // CUDA events time the GPU, and the launches are replayed from a graph
        }

        GpuTiming(Runner runner, Object tactic, Object[][] batches, CUstream stream) {
            this.runner = runner;
            this.tactic = tactic;
            this.batches = batches;
            this.stream = stream;
        }

        @Override
        public int samplesWanted() {
            return wanted;
        }

        @Override
        public double sample() throws Exception {
            Cuda.makeCurrent();
            CUstream previous = CudaStreams.set(stream);
            try {
                double baseline = empty == null ? 0 : empty.graph != null ? empty.replay() : empty.eager(perSample);
                double nanos = graph != null ? replay() : eager(perSample);
                return Math.max(0, nanos - baseline);
            } finally {
                CudaStreams.set(previous);
            }
        }

        /** Mean time of one launch over {@code n} eager launches after the delay kernel. */
        double eager(int n) throws Exception {
            Kernels.spin(stream, EAGER_DELAY_MICROS);
            Cuda.check(JCudaDriver.cuEventRecord(start, stream), "cuEventRecord");
            for (int r = 0; r < n; r++) {
                runner.run(batches[r % batches.length], tactic);
            }
            Cuda.check(JCudaDriver.cuEventRecord(end, stream), "cuEventRecord");
            return elapsed(n);
        }

        double replay() {
            Kernels.spin(stream, GRAPH_DELAY_MICROS);
            Cuda.check(JCudaDriver.cuEventRecord(start, stream), "cuEventRecord");
            Cuda.check(JCudaDriver.cuGraphLaunch(graph, stream), "cuGraphLaunch");
            Cuda.check(JCudaDriver.cuEventRecord(end, stream), "cuEventRecord");
            return elapsed(perSample);
        }

        private double elapsed(int launches) {
            Cuda.check(JCudaDriver.cuEventSynchronize(end), "cuEventSynchronize (after tactic " + tactic + ")");
            float[] ms = new float[1];
            Cuda.check(JCudaDriver.cuEventElapsedTime(ms, start, end), "cuEventElapsedTime");
            return ms[0] * 1e6 / launches;
        }

        /** Captures {@code perSample} launches in a graph; if the tactic cannot be captured, stays eager. */
        void capture() {
            CUgraph g = new CUgraph();
            Cuda.check(JCudaDriver.cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL),
                    "cuStreamBeginCapture");
            String failure = null;
            try {
                for (int r = 0; r < perSample; r++) {
                    runner.run(batches[r % batches.length], tactic);
                }
            } catch (Exception e) {
                failure = e.toString();
            }
            int ended = JCudaDriver.cuStreamEndCapture(stream, g);
            if (failure == null && ended != CUresult.CUDA_SUCCESS) {
                failure = "cuStreamEndCapture: " + CUresult.stringFor(ended);
            }
            if (failure == null) {
                CUgraphExec exec = new CUgraphExec();
                int r = JCudaDriver.cuGraphInstantiate(exec, g, 0);
                if (r == CUresult.CUDA_SUCCESS) {
                    graph = exec;
                } else {
                    failure = "cuGraphInstantiate: " + CUresult.stringFor(r);
                }
            }
            if (ended == CUresult.CUDA_SUCCESS) {
                JCudaDriver.cuGraphDestroy(g);
            }
            if (failure != null) {
                // a failed capture can leave an error pending on the stream: clear it by synchronizing
                JCudaDriver.cuStreamSynchronize(stream);
                LOG.info("autotune4j: tactic {} of {} cannot be captured in a CUDA graph ({}); it is timed eagerly",
                        tactic, runner, failure);
            }
        }

        /**
         * Frees the graph and events once the tuner is done with this tactic. Not after {@link #samplesWanted}
         * samples: the tuner may take more where its comparison is still open, and a destroyed graph launched again
         * crashes the driver (it did: SIGSEGV in libcuda when sampling went past the count).
         */
        @Override
        public void close() {
            release();
            if (empty != null) {
                empty.release();
            }
        }

        void release() {
            if (released) {
                return;
            }
            released = true;
            if (graph != null) {
                JCudaDriver.cuGraphExecDestroy(graph);
                graph = null;
            }
            JCudaDriver.cuEventDestroy(start);
            JCudaDriver.cuEventDestroy(end);
        }

        private static CUevent event() {
            CUevent e = new CUevent();
            Cuda.check(JCudaDriver.cuEventCreate(e, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
            return e;
        }
    }
}
