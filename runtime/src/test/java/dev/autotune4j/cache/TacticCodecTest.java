package dev.autotune4j.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stored tactic matches a live one by structure and value, whatever node classes or field order the file gave. */
class TacticCodecTest {
    record Tile(int m, long n, String loop) {
    }

    private static JsonNode parse(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void aLongReadBackAsAnIntNodeStillMatches() throws Exception {
        JsonNode stored = parse(TacticCodec.encode(7L).toString());
        assertTrue(stored.get("value").isInt(), "the parser gives a small long back as an int node");
        assertTrue(TacticCodec.matches(stored, 7L));
        assertFalse(TacticCodec.matches(stored, 7), "the type tag keeps an int from matching a long");
        assertFalse(TacticCodec.matches(stored, 8L));
    }

    @Test
    void recordsListsAndMapsMatchInAnyFieldOrder() throws Exception {
        Object tactic = List.of(new Tile(16, 8L, "ikj"), Map.of("b", 2, "a", 1));
        String text = TacticCodec.encode(tactic).toString();
        assertTrue(TacticCodec.matches(parse(text), tactic));
        // the same record with its fields written in the other order
        String swapped = text.replace("\"m\":{\"type\":\"int\",\"value\":16},\"n\":{\"type\":\"long\",\"value\":8}",
                "\"n\":{\"type\":\"long\",\"value\":8},\"m\":{\"type\":\"int\",\"value\":16}");
        assertFalse(swapped.equals(text), "the swap applied: " + text);
        assertTrue(TacticCodec.matches(parse(swapped), tactic));
        assertFalse(TacticCodec.matches(parse(text), List.of(new Tile(16, 9L, "ikj"), Map.of("b", 2, "a", 1))));
        assertFalse(TacticCodec.matches(parse(text), List.of(new Tile(16, 8L, "ikj"))));
        assertFalse(TacticCodec.matches(parse(text), List.of(new Tile(16, 8L, "ikj"), Map.of("b", 2))));
    }
}
