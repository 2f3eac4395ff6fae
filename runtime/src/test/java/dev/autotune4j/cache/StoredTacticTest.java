package dev.autotune4j.cache;

import dev.autotune4j.api.Runner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stored tactics read back for people, from the JSON the codec writes, for every kind of tactic. */
class StoredTacticTest {
    enum Loop { IJK, IKJ }

    record Tile(int m, int n) {
    }

    @Test
    void everyKindReadsAsItsSourceWouldWriteIt() {
        assertEquals("32", StoredTactic.describe(TacticCodec.encode(32)));
        assertEquals("FALLBACK", StoredTactic.describe(TacticCodec.encode(Runner.FALLBACK)));
        assertEquals("null", StoredTactic.describe(TacticCodec.encode(null)));
        assertEquals("Loop.IKJ", StoredTactic.describe(TacticCodec.encode(Loop.IKJ)));
        assertEquals("Tile[m=16, n=8]", StoredTactic.describe(TacticCodec.encode(new Tile(16, 8))));
        assertEquals("[1, Loop.IJK]", StoredTactic.describe(TacticCodec.encode(List.of(1, Loop.IJK))));
        assertEquals("{k=2}", StoredTactic.describe(TacticCodec.encode(Map.of("k", 2))));
        assertEquals("?", StoredTactic.describe(null));
    }

    @Test
    void onlyATypedObjectIsWellFormed() {
        assertTrue(StoredTactic.isWellFormed(TacticCodec.encode(Loop.IJK)));
        assertFalse(StoredTactic.isWellFormed(null));
        assertFalse(StoredTactic.isWellFormed(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode("IJK")));
    }
}
