package dev.autotune4j.measure;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link Jit#awaitQuiet}: what the background tuner waits on before its first pass after an attach. */
class JitTest {

    @Test
    void waitsForAQuietSpellAndGivesUpAtItsLimit() throws Exception {
        assumeTrue(Jit.compileMillis() >= 0, "this JVM does not report compilation time");
        long t0 = System.nanoTime();
        assertTrue(Jit.awaitQuiet(50, 10_000), "an idle test JVM goes quiet within 10 s");
        assertTrue(System.nanoTime() - t0 >= 50_000_000L, "quiet means no compile finished for the whole 50 ms");

        t0 = System.nanoTime();
        assertFalse(Jit.awaitQuiet(60_000, 100), "a quiet spell longer than the limit cannot be seen");
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waited >= 100 && waited < 5_000, "gave up at the limit, after " + waited + " ms");
    }
}
