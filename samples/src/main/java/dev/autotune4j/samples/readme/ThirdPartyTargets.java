package dev.autotune4j.samples.readme;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.ShapeReader;
import dev.autotune4j.api.Tactic;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.binding.TunableTargets;

import java.util.List;

final class FastMult {                                   // your candidates for com.vendor.Ops.mult
    static void mult(Matrix a, Matrix b, Matrix c, @Tactic(values = {16, 64}) int block) { c.set(Loops.blocked(a.data, b.data, block)); }
}

/**
 * The README's registration of a third-party method, compiled as written (a test checks that the README's lines
 * are these). {@code com.vendor.Ops} stands for a library class; {@link Matrix} for its matrix type.
 *
 * <p>Run: {@code java -cp 'samples/target/classes:samples/target/lib/*' dev.autotune4j.samples.readme.ThirdPartyTargets}
 */
public final class ThirdPartyTargets {
    private ThirdPartyTargets() {
    }

    public static void main(String[] args) {
        TunableTargets.shapeOf(Matrix.class, new ShapeReader<>() {             // rows x cols of the library's type
            public int rank(Matrix m) { return 2; }
            public long dim(Matrix m, int i) { return i == 0 ? m.numRows() : m.numCols(); }
        });
        TunableTargets.register("com.vendor.Ops", "mult", List.of(Matrix.class, Matrix.class, Matrix.class), "vendor-mult",
                TuningConfig.builder().dynamic(0, 0, Buckets.powersOfTwo(1024), Buckets.nextPowerOfTwo())
                        .constraint(2, 0, shapes -> shapes[0][0]).build(),                // c's rows follow a's
                FastMult.class);
        System.out.println("registered com.vendor.Ops#mult with candidates in " + FastMult.class.getSimpleName());
    }
}

/** A library's matrix type: no autotune4j interface, so its shape comes from a registered reader. */
final class Matrix {
    float[][] data;

    Matrix(float[][] data) {
        this.data = data;
    }

    int numRows() {
        return data.length;
    }

    int numCols() {
        return data[0].length;
    }

    void set(float[][] values) {
        data = values;
    }
}
