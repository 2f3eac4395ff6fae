package dev.autotune4j.profile;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Choice;
import dev.autotune4j.api.Runner;
import dev.autotune4j.api.Runners;
import dev.autotune4j.api.ShapeReader;
import dev.autotune4j.api.ShapeReaders;
import dev.autotune4j.api.ShapedInput;
import dev.autotune4j.api.TuningConfig;
import dev.autotune4j.dispatch.AutoTuner;
import dev.autotune4j.dispatch.OpStatistics;
import dev.autotune4j.dispatch.TunableOp;
import dev.autotune4j.dispatch.TuningSession;
import dev.autotune4j.measure.TimingSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shape readers for types you do not own: lookup by subtype and interface, precedence, late registration. */
class ShapeReadersTest {
    interface Mat {
        int n();
    }

    static class Base implements Mat {
        final int n;

        Base(int n) {
            this.n = n;
        }

        public int n() {
            return n;
        }
    }

    static final class Derived extends Base {
        Derived(int n) {
            super(n);
        }
    }

    /** Claims to be a ShapedInput too: a registered reader wins over it. */
    static final class Both extends Base implements ShapedInput {
        Both(int n) {
            super(n);
        }

        public int rank() {
            return 1;
        }

        public long dim(int i) {
            return -5;
        }

        public ShapedInput withShape(long[] d) {
            return this;
        }
    }

    static final class Opaque {
    }

    private static ShapeReader<Mat> square(int scale) {
        return new ShapeReader<>() {
            public int rank(Mat m) {
                return 2;
            }

            public long dim(Mat m, int i) {
                return (long) m.n() * scale;
            }

            public Mat withShape(Mat like, long[] dims) {
                return new Derived((int) (dims[0] / scale));
            }
        };
    }

    @Test
    void anInterfaceRegistrationServesEveryImplementationAndLateRegistrationsTakeEffect() {
        ShapeReaders.register(Mat.class, square(1));
        try {
            assertArrayEquals(new long[] {3, 3}, Shapes.shape(new Derived(3)), "via the interface of the superclass");
            assertArrayEquals(new long[] {2, 2}, Shapes.shape(new Both(2)), "a registered reader wins over ShapedInput");
            ShapeReaders.register(Base.class, square(10));
            assertArrayEquals(new long[] {30, 30}, Shapes.shape(new Derived(3)), "the nearer registration, seen at once");
            assertTrue(ShapeReaders.unregister(Base.class));
            assertArrayEquals(new long[] {3, 3}, Shapes.shape(new Derived(3)));
            Object resized = new InputSynthesizer(1).resize(new Derived(3), new long[] {8, 8});
            assertEquals(8, ((Derived) resized).n(), "the reader builds other shapes while tuning");
        } finally {
            ShapeReaders.unregister(Mat.class);
            ShapeReaders.unregister(Base.class);
        }
        assertArrayEquals(new long[] {}, Shapes.shape(new Derived(3)));
        assertFalse(Shapes.reader(new Derived(3)).known(), "an application type with no reader is reported as unreadable");
        assertTrue(Shapes.reader("text").known(), "a JDK value is shapeless by nature");
        assertThrows(IllegalArgumentException.class, () -> ShapeReaders.register(int[].class, new ShapeReader<int[]>() {
            public int rank(int[] a) {
                return 1;
            }

            public long dim(int[] a, int i) {
                return a.length;
            }
        }));
    }

    /** Dims declared on a type with no readable shape: the fallback, counted, a failure naming the fix; no exception. */
    @Test
    void declaredDimsOnAnUnreadableTypeFallBackWithAReason() throws Exception {
        AutoTuner tuner = new AutoTuner(TimingSettings.quick());
        Runner body = Runners.fallback("body", in -> "body");
        Runner fast = Runners.of("fast", List.of(1), (in, t) -> {
            throw new IllegalStateException("must never run: the shape is unknown");
        });
        TuningConfig config = TuningConfig.builder().dynamic(0, 1, Buckets.powersOfTwo(8), Buckets.nextPowerOfTwo()).build();
        TunableOp op = tuner.op("opaque", List.of(body, fast), config);
        try (TuningSession s = tuner.tune()) {
            for (int i = 0; i < 3; i++) {
                Choice c = op.choose(new Object[] {new Opaque()});
                assertTrue(c.isFallback());
                assertEquals("body", c.run(new Object[] {new Opaque()}));
            }
        }
        OpStatistics stats = tuner.statistics().op("opaque").orElseThrow();
        assertEquals(3, stats.misses());
        assertEquals(0, stats.tunedProfiles());
        assertEquals(1, stats.failures().size());
        String reason = stats.failures().get(0).reason();
        assertTrue(reason.contains("its shape cannot be read") && reason.contains("ShapeReaders.register("
                + Opaque.class.getName() + ".class"), reason);
        assertNotNull(stats.failures().get(0).profile());
    }
}
