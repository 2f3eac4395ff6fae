package dev.autotune4j.cuda;

/** The element type of a {@link DeviceTensor}. Only float32 has kernels so far; the type is explicit so that a
 *  tensor says what it holds and later types need no API change. */
public enum ElementType {
    FLOAT32(4);

    private final int bytes;

    ElementType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
