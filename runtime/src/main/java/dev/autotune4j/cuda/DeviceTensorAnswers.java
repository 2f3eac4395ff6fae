package dev.autotune4j.cuda;

import dev.autotune4j.api.AnswerType;
import dev.autotune4j.api.SameAnswer;

import java.util.Arrays;

/**
 * The answer check for GPU ops (registered in {@code META-INF/services}): each run gets its own device copy of an
 * output tensor, and the tensors are compared on the host, element by element with the op's float tolerances. The
 * copies back to the host happen only while checking, once per candidate and profile, never on a replayed call.
 */
public final class DeviceTensorAnswers implements AnswerType<DeviceTensor> {

    /** For the service loader, which finds this class through META-INF/services and the module descriptor. */
    public DeviceTensorAnswers() {
    }

    @Override
    public Class<DeviceTensor> type() {
        return DeviceTensor.class;
    }

    @Override
    public String difference(DeviceTensor expected, DeviceTensor actual, SameAnswer rules) {
        long[] e = dims(expected);
        long[] a = dims(actual);
        if (!Arrays.equals(e, a)) {
            return "a tensor of shape " + Arrays.toString(e) + " expected, " + Arrays.toString(a) + " returned";
        }
        return rules.difference(expected.toHost(), actual.toHost());
    }

    @Override
    public DeviceTensor copy(DeviceTensor value) {
        return value.copy();
    }

    private static long[] dims(DeviceTensor t) {
        long[] out = new long[t.rank()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.dim(i);
        }
        return out;
    }
}
