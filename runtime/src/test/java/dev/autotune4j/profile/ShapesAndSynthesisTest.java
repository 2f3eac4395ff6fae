package dev.autotune4j.profile;

import dev.autotune4j.api.ShapedInput;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapesAndSynthesisTest {

    record Tensor(long rows, long cols) implements ShapedInput {
        @Override
        public int rank() {
            return 2;
        }

        @Override
        public long dim(int index) {
            return index == 0 ? rows : cols;
        }

        @Override
        public ShapedInput withShape(long[] dims) {
            return new Tensor(dims[0], dims[1]);
        }
    }

    @Test
    void shapesOfJavaArguments() {
        assertArrayEquals(new long[] {5}, Shapes.shape(new float[5]));
        assertArrayEquals(new long[] {3, 4}, Shapes.shape(new double[3][4]));
        assertArrayEquals(new long[] {0}, Shapes.shape(new int[0][]));
        assertArrayEquals(new long[] {7}, Shapes.shape(7));
        assertArrayEquals(new long[] {9}, Shapes.shape(9L));
        assertArrayEquals(new long[] {6}, Shapes.shape(FloatBuffer.allocate(10).position(4)));
        assertArrayEquals(new long[] {2}, Shapes.shape(List.of("a", "b")));
        assertArrayEquals(new long[] {2, 3}, Shapes.shape(new Tensor(2, 3)));
        assertArrayEquals(new long[] {}, Shapes.shape("text"));
        assertArrayEquals(new long[] {}, Shapes.shape(null));
    }

    @Test
    void floatsAreSmallRandomAndNeverAllZero() {
        InputSynthesizer s = new InputSynthesizer(1);
        float[][] m = (float[][]) s.resize(new float[2][3], new long[] {64, 3});
        assertEquals(64, m.length);
        assertEquals(3, m[0].length);
        int nonZero = 0;
        for (float[] row : m) {
            for (float v : row) {
                assertTrue(Math.abs(v) <= 1.0f);
                nonZero += v != 0 ? 1 : 0;
            }
        }
        assertEquals(64 * 3, nonZero);
    }

    @Test
    void integerDataRepeatsTheLiveData() {
        InputSynthesizer s = new InputSynthesizer(1);
        assertArrayEquals(new int[] {4, 7, 4, 7, 4}, (int[]) s.resize(new int[] {4, 7}, new long[] {5}));
        int[][] rows = (int[][]) s.resize(new int[][] {{1, 2}, {3, 4}}, new long[] {3, 2});
        assertArrayEquals(new int[] {1, 2}, rows[2]);
        IntBuffer b = (IntBuffer) s.resize(IntBuffer.wrap(new int[] {9, 8}), new long[] {3});
        assertEquals(8, b.get(1));
        assertEquals(9, b.get(2));
    }

    @Test
    void otherArgumentKinds() {
        InputSynthesizer s = new InputSynthesizer(1);
        Object same = new float[4];
        assertSame(same, s.resize(same, new long[] {4}), "an unchanged shape reuses the live argument");
        assertEquals(16, s.resize(8, new long[] {16}));
        assertEquals(16L, s.resize(8L, new long[] {16}));
        assertEquals(List.of("a", "b", "a"), s.resize(List.of("a", "b"), new long[] {3}));
        assertEquals(new Tensor(8, 3), s.resize(new Tensor(2, 3), new long[] {8, 3}));
        ByteBuffer direct = (ByteBuffer) s.resize(ByteBuffer.allocateDirect(2), new long[] {6});
        assertTrue(direct.isDirect());
        assertNull(s.resize(Set.of(1, 2), new long[] {5}), "a set cannot be grown");
        assertNull(s.resize("text", new long[] {5}));
    }
}
