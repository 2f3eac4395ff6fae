package dev.autotune4j.agent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentArgumentsTest {

    @Test
    void settingsAndCommandsRoundTrip() {
        AgentArguments a = AgentArguments.parse("mode=tune, cache=/tmp/t.json,autotune4j.rank=2,save");
        assertEquals(Map.of("mode", "tune", "cache", "/tmp/t.json", "rank", "2"), a.settings());
        assertEquals(List.of("save"), a.commands());
        assertEquals(a, AgentArguments.parse(a.format()));
        assertEquals(AgentArguments.parse(null), AgentArguments.parse(""));
        assertEquals(List.of("pretune", "sweep"), AgentArguments.parse("pretune,sweep").commands());
        assertEquals("retake", AgentArguments.parse("contention=retake").settings().get("contention"));
    }

    @Test
    void unknownKeysAndCommandsAreNamed() {
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> AgentArguments.parse("mdoe=tune"));
        assertTrue(key.getMessage().contains("unknown agent setting 'mdoe'"), key.getMessage());
        IllegalArgumentException command = assertThrows(IllegalArgumentException.class, () -> AgentArguments.parse("sav"));
        assertEquals("check=yes is not a check setting: use on, off",
                assertThrows(IllegalArgumentException.class, () -> AgentArguments.parse("check=yes")).getMessage());
        assertTrue(command.getMessage().contains("unknown agent command 'sav'"), command.getMessage());
    }
}
