package dev.autotune4j.cuda;

import dev.autotune4j.api.Profile;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.measure.Measurement;
import dev.autotune4j.measure.TacticTimer;

import java.util.List;
import java.util.Locale;

/** Prints what limits GPU timing fidelity on this device: spin kernels of 0..1000 ns and µs, graph and eager. */
public final class CudaDiagnostics {
    private CudaDiagnostics() {
    }

    record Spin(double micros) implements Runner {
        @Override
        public List<?> validTactics(Object[] inputs, Profile profile) {
            return List.of(micros);
        }

        @Override
        public Object run(Object[] inputs, Object tactic) {
            Kernels.spin(CudaStreams.current(), (Double) tactic);
            return null;
        }
    }

    static double measure(double micros, boolean graph, int repeat) throws Exception {
        TacticTimer.Timing t = new CudaTimer().start(new Spin(micros), new Object[] {DeviceTensor.allocate(4)}, micros,
                TuningConfig.builder().cudaGraph(graph).repeat(repeat).build());
        double[] s = new double[t.samplesWanted()];
        for (int i = 0; i < s.length; i++) {
            s[i] = t.sample();
        }
        return Measurement.of(s, s.length).nanos() / 1000;
    }

    public static void main(String[] args) throws Exception {
        System.out.println("GPU: " + Cuda.identity());
        System.out.println("spin us | graph r=10 | graph r=100 | eager r=10");
        for (double d : new double[] {0, 0.001, 0.05, 0.1, 0.5, 1, 2, 5, 20, 100}) {
            System.out.printf(Locale.ROOT, "%7.3f | %10.3f | %11.3f | %10.3f%n", d, measure(d, true, 10), measure(d, true, 100),
                    measure(d, false, 10));
        }
    }
}
