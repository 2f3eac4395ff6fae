package dev.autotune4j.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How one op is tuned: which dimensions vary, which follow from the others, how large a size is worth
 * tuning, and measurement overrides. Build it once and reuse it: the tuner keys its fast lookup table on
 * the config instance.
 */
public final class TuningConfig {
    /** No cap on tuned sizes. */
    public static final long NO_CAP = Long.MAX_VALUE;

    private final List<DynamicDimSpec> dynamicDims;
    private final List<ConstraintSpec> constraints;
    private final long tuneMaxSize;
    private final UnaryOperator<Object[]> inputsPreHook;
    private final boolean coldCache;
    private final boolean cudaGraph;
    private final int warmup;
    private final int repeat;
    private final int[] outputs;
    private final double atol;
    private final double rtol;
    private final List<AnswerType<?>> answerTypes;
    private final DistributedStrategy distributed;

    private TuningConfig(Builder b) {
        this.dynamicDims = List.copyOf(b.dynamicDims);
        this.constraints = List.copyOf(b.constraints);
        this.tuneMaxSize = b.tuneMaxSize;
        this.inputsPreHook = b.inputsPreHook;
        this.coldCache = b.coldCache;
        this.cudaGraph = b.cudaGraph;
        this.warmup = b.warmup;
        this.repeat = b.repeat;
        this.outputs = b.outputs.clone();
        this.atol = b.atol;
        this.rtol = b.rtol;
        this.answerTypes = List.copyOf(b.answerTypes);
        this.distributed = b.distributed;
        for (DynamicDimSpec d : dynamicDims) {
            for (ConstraintSpec c : constraints) {
                if (d.input() == c.input() && d.dim() == c.dim()) {
                    throw new IllegalArgumentException("input " + d.input() + " dim " + d.dim()
                            + " is declared both dynamic and constrained: keep one");
                }
            }
        }
    }

    /** A config with no dynamic dimensions: every call shape is its own profile. */
    public static TuningConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<DynamicDimSpec> dynamicDims() {
        return dynamicDims;
    }

    public List<ConstraintSpec> constraints() {
        return constraints;
    }

    /** Largest size a dynamic dimension is tuned at; larger live sizes use the cap's bucket. */
    public long tuneMaxSize() {
        return tuneMaxSize;
    }

    /** Called with the synthesized inputs of each profile before it is timed, or null. */
    public UnaryOperator<Object[]> inputsPreHook() {
        return inputsPreHook;
    }

    /** Time each tactic on rotating copies of its inputs so that caches start cold. */
    public boolean coldCache() {
        return coldCache;
    }

    /** For GPU ops: capture the timed launches in a CUDA graph. */
    public boolean cudaGraph() {
        return cudaGraph;
    }

    /** Warmup calls before timing, or -1 for the timer's default. */
    public int warmup() {
        return warmup;
    }

    /** Timed samples, or -1 for the timer's default. */
    public int repeat() {
        return repeat;
    }

    /**
     * The arguments a runner writes its result into (an output buffer), by index: the answer check compares them,
     * after each run on copies, as well as the return value. Empty when results are only returned.
     */
    public int[] outputs() {
        return outputs.clone();
    }

    /** The answer check's absolute tolerance for floating-point values; NaN: the type's default. */
    public double atol() {
        return atol;
    }

    /** The answer check's relative tolerance for floating-point values; NaN: the type's default. */
    public double rtol() {
        return rtol;
    }

    /** The op's own answer types, consulted before the process-wide ones (see {@link AnswerType}). */
    public List<AnswerType<?>> answerTypes() {
        return answerTypes;
    }

    /** How a tuning group shares this op's tuning; null: the group's default ({@code autotune4j.strategy}). */
    public DistributedStrategy distributed() {
        return distributed;
    }

    public static final class Builder {
        private final List<AnswerType<?>> answerTypes = new ArrayList<>();
        private final List<DynamicDimSpec> dynamicDims = new ArrayList<>();
        private final List<ConstraintSpec> constraints = new ArrayList<>();
        private long tuneMaxSize = NO_CAP;
        private UnaryOperator<Object[]> inputsPreHook;
        private boolean coldCache;
        private boolean cudaGraph = true;
        private int warmup = -1;
        private int repeat = -1;
        private int[] outputs = new int[0];
        private double atol = Double.NaN;
        private double rtol = Double.NaN;
        private DistributedStrategy distributed;

        private Builder() {
        }

        public Builder dynamic(DynamicDimSpec spec) {
            dynamicDims.add(spec);
            return this;
        }

        /** Input {@code input}, dimension {@code dim} is tuned at these buckets and looked up through {@code map}. */
        public Builder dynamic(int input, int dim, BucketGenerator buckets, BucketMap map) {
            return dynamic(new DynamicDimSpec(input, dim, buckets, map));
        }

        public Builder constraint(int input, int dim, java.util.function.ToLongFunction<long[][]> infer) {
            constraints.add(new ConstraintSpec(input, dim, infer));
            return this;
        }

        public Builder tuneMaxSize(long cap) {
            if (cap < 1) {
                throw new IllegalArgumentException("tuneMaxSize must be >= 1, got " + cap);
            }
            this.tuneMaxSize = cap;
            return this;
        }

        /** How a tuning group shares this op's tuning (see {@link DistributedStrategy}); unset: the group's default. */
        public Builder distributed(DistributedStrategy strategy) {
            this.distributed = strategy;
            return this;
        }

        public Builder inputsPreHook(UnaryOperator<Object[]> hook) {
            this.inputsPreHook = hook;
            return this;
        }

        public Builder coldCache(boolean on) {
            this.coldCache = on;
            return this;
        }

        public Builder cudaGraph(boolean on) {
            this.cudaGraph = on;
            return this;
        }

        public Builder warmup(int calls) {
            if (calls < 0) {
                throw new IllegalArgumentException("warmup must be >= 0, got " + calls);
            }
            this.warmup = calls;
            return this;
        }

        public Builder repeat(int samples) {
            if (samples < 1) {
                throw new IllegalArgumentException("repeat must be >= 1, got " + samples);
            }
            this.repeat = samples;
            return this;
        }

        /** See {@link TuningConfig#outputs()}. */
        public Builder outputs(int... indices) {
            for (int i : indices) {
                if (i < 0) {
                    throw new IllegalArgumentException("an output index must be >= 0, got " + i);
                }
            }
            this.outputs = indices.clone();
            return this;
        }

        /**
         * Floating-point tolerances of the answer check: |actual - expected| <= atol + rtol * |expected|. NaN for
         * either: the setting ({@code autotune4j.atol}, {@code autotune4j.rtol}) or else the type's default.
         */
        public Builder tolerance(double atol, double rtol) {
            if (atol < 0 || rtol < 0 || Double.isInfinite(atol) || Double.isInfinite(rtol)) {
                throw new IllegalArgumentException("tolerances must be finite and >= 0 (NaN: the default), got atol "
                        + atol + ", rtol " + rtol);
            }
            this.atol = atol;
            this.rtol = rtol;
            return this;
        }

        /** Compares this op's results of a type the built-in rules cannot (see {@link AnswerType}). */
        public Builder answerType(AnswerType<?> type) {
            answerTypes.add(java.util.Objects.requireNonNull(type, "type"));
            return this;
        }

        public TuningConfig build() {
            return new TuningConfig(this);
        }
    }
}
