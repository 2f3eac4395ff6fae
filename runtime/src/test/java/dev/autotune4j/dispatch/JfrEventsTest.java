package dev.autotune4j.dispatch;

import dev.autotune4j.api.Buckets;
import dev.autotune4j.api.Mode;
import dev.autotune4j.api.TuningConfig;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JDK Flight Recording shows the tuner beside the service (issue 11): passes, tuned profiles, misses, failures. */
class JfrEventsTest {

    @Test
    void aRecordingShowsPassesTunedProfilesMissesAndFailures(@TempDir Path dir) throws Exception {
        AutoTuner tuner = Tuners.quick();
        TuningConfig config = TuningConfig.builder().dynamic(0, 0, Buckets.of(2, 4), Buckets.nextPowerOfTwo()).build();
        SpinRunner runner = new SpinRunner("jfr", Map.of(1, 5, 2, 30), 60, Set.of(2));
        Path file = dir.resolve("tuner.jfr");
        try (Recording recording = new Recording()) {
            for (String e : List.of("TuningPass", "ProfileTuned", "ReplayMiss", "TacticFailed")) {
                recording.enable("dev.autotune4j." + e).withoutThreshold();
            }
            recording.start();
            try (TuningSession s = tuner.tune()) {
                tuner.chooseOne("jfr", List.of(runner), config, (Object) new float[3][8]);
            }
            tuner.setMode(Mode.REPLAY);
            tuner.chooseOne("jfr", List.of(runner), config, (Object) new float[100][8]);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> passes = named(events, "TuningPass");
        assertEquals(1, passes.size());
        assertEquals("jfr", passes.get(0).getString("op"));
        assertEquals(2, passes.get(0).getInt("tuned"));
        assertTrue(!passes.get(0).getBoolean("background"));
        List<RecordedEvent> tuned = named(events, "ProfileTuned");
        assertEquals(Set.of("[[2,8]]", "[[4,8]]"), Set.copyOf(tuned.stream().map(e -> e.getString("profile")).toList()));
        assertTrue(tuned.stream().allMatch(e -> e.getString("tactic").contains("1") && e.getLong("nanos") > 0
                && e.getLong("fallbackNanos") > e.getLong("nanos")), tuned.toString());
        List<RecordedEvent> failed = named(events, "TacticFailed");
        assertEquals(2, failed.size(), "tactic 2 crashes on both profiles");
        assertTrue(failed.get(0).getString("reason").contains("IllegalStateException"), failed.toString());
        List<RecordedEvent> misses = named(events, "ReplayMiss");
        assertEquals(1, misses.size());
        assertEquals("[[128,8]]", misses.get(0).getString("shape"));
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals("dev.autotune4j." + name)).toList();
    }
}
