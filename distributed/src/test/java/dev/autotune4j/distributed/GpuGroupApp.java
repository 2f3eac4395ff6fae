package dev.autotune4j.distributed;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.DistributedStrategy;
import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.cuda.Cuda;
import dev.autotune4j.cuda.CudaStreams;
import dev.autotune4j.cuda.DeviceTensor;
import dev.autotune4j.cuda.Kernels;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.TunedChoice;
import dev.autotune4j.dispatch.TuningGroup;
import dev.autotune4j.dispatch.TuningSession;
import jcuda.Pointer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The GPU half of issue 16, run by hand on a two-GPU machine (docs/distributed.md): the runtime's GEMM kernels tuned
 * over every token bucket (1 to 4096) with PARALLEL in a group of ranks, one GPU each ({@code CUDA_VISIBLE_DEVICES}),
 * or alone. Prints the GPU, the tuning wall time, how many (kernel, bucket) pairs this rank timed, and the choice per
 * bucket, so the ranks' outputs can be compared line by line.
 *
 * <p>Usage: {@code GpuGroupApp rank size members} (a group), or {@code GpuGroupApp alone}.
 */
public final class GpuGroupApp {
    private static final int K = 1024;
    private static final int N = 1024;

    private GpuGroupApp() {
    }

    /** The runtime's GEMM kernels; the fallback is the naive one (a thread per output element). */
    record Gemm() implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            List<String> kernels = new ArrayList<>(List.of("gemm_smem8", "gemm_smem16", "gemm_smem32"));
            if (((DeviceTensor) inputs[0]).dim(0) >= 64) {
                kernels.add("gemm_regblock4");
            }
            return kernels;
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            String kernel = tactic == FALLBACK ? "gemm_naive" : (String) tactic;
            int tile = switch (kernel) {
                case "gemm_smem8" -> 8;
                case "gemm_smem32" -> 32;
                case "gemm_regblock4" -> 64;
                default -> 16;
            };
            DeviceTensor a = (DeviceTensor) inputs[0];
            DeviceTensor b = (DeviceTensor) inputs[1];
            DeviceTensor c = (DeviceTensor) inputs[2];
            int m = (int) a.dim(0);
            int block = kernel.equals("gemm_regblock4") ? 16 : tile;
            Kernels.launch(kernel, (N + tile - 1) / tile, (m + tile - 1) / tile, block, block, 0, CudaStreams.current(),
                    Pointer.to(a.pointer()), Pointer.to(b.pointer()), Pointer.to(c.pointer()),
                    Pointer.to(new int[] {m}), Pointer.to(new int[] {N}), Pointer.to(new int[] {K}));
            return c;
        }
    }

    public static void main(String[] args) throws Exception {
        if (!Cuda.available()) {
            System.out.println("no GPU: " + Cuda.unavailableReason());
            return;
        }
        AutoTuner tuner = new AutoTuner();
        TuningGroup group = null;
        if (!args[0].equals("alone")) {
            group = new HazelcastGroups().join(Map.of("autotune4j.group", "gpu", "autotune4j.rank", args[0],
                    "autotune4j.groupSize", args[1], "autotune4j.groupMembers", args[2])::get);
            tuner.joinGroup(group, DistributedStrategy.INDEPENDENT, Duration.ofMinutes(5));
        }
        System.out.println("rank " + args[0] + " GPU " + Cuda.deviceName());
        TuningConfig config = TuningConfig.builder()
                .dynamic(0, 0, Buckets.powersOfTwo(4096), Buckets.nextPowerOfTwo())
                .constraint(2, 0, shapes -> shapes[0][0])
                .distributed(DistributedStrategy.PARALLEL)
                .build();
        DeviceTensor a = DeviceTensor.random(1, 64, K);
        DeviceTensor b = DeviceTensor.random(2, K, N);
        DeviceTensor c = DeviceTensor.allocate(64, N);
        long start = System.nanoTime();
        try (TuningSession s = tuner.tune()) {
            tuner.chooseOne("gemm", List.of(new Gemm()), config, a, b, c);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("tuning ms=" + millis + " timed=" + tuner.statistics().op("gemm").orElseThrow().timedCandidates());
        for (TunedChoice choice : tuner.choices().stream().sorted(java.util.Comparator.comparing(
                (TunedChoice t) -> t.profile().get(0).get(0))).toList()) {
            System.out.printf(java.util.Locale.ROOT, "bucket %4d choice=%s us=%.1f fallback_us=%.1f%n",
                    choice.profile().get(0).get(0), choice.tactic(), choice.nanos() / 1e3, choice.fallbackNanos() / 1e3);
        }
        if (group != null) {
            group.close();
        }
    }
}
