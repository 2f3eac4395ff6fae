package dev.autotune4j.measure;

/**
 * Consumes results so that the JIT cannot drop the work that produced them. Every so often the result is
 * published to a volatile field, so it escapes: comparing a fresh allocation with a field alone is not
 * enough, since the JIT knows a new object equals nothing.
 */
final class Sink {
    private static volatile Object published;
    private int tick;

    void consume(Object result) {
        if ((++tick & 1023) == 0) {
            published = result;
        }
    }
}
