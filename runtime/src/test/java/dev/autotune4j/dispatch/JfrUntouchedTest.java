package dev.autotune4j.dispatch;

import dev.autotune4j.ChildJava;
import dev.autotune4j.api.TuningConfig;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM that records nothing does not start JDK Flight Recorder for the tuner's events: the first load of an event
 * class registers JFR's machinery, 0.16 s of a fresh JVM's first tuning pass on the 2-core VM (the accuracy
 * harness's tuning time, issue 12). {@link JfrEventsTest} shows the events once a recording runs.
 */
class JfrUntouchedTest {

    @Test
    void aTuningPassWithoutARecordingLeavesJfrUninitialized(@TempDir Path dir) throws Exception {
        ChildJava.Result r = ChildJava.run(dir, 60, List.of("-Xlog:class+load=info:stdout", "-cp",
                System.getProperty("java.class.path"), TuneOnce.class.getName()));
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("picked=1 jfr-initialized=false"), r.stderr());
        // the platform MBean server (the tuner reads HotSpot's code list through it) loads JFR's commands: not events
        List<String> loaded = r.stdout().lines().filter(l -> l.contains(" jdk.jfr.Event ")
                || l.contains(" jdk.jfr.internal.PlatformEventType ") || l.matches(".*\\.events\\.\\w+Event .*")).toList();
        assertEquals(List.of(), loaded, "the tuner's events, or JFR's event registration, loaded without a recording");
    }

    /** Tunes one op with a crashing tactic (so a failure is reported too) and says whether JFR was initialized. */
    public static final class TuneOnce {
        public static void main(String[] args) {
            AutoTuner tuner = Tuners.quick();
            TuningConfig config = TuningConfig.defaults();
            SpinRunner runner = new SpinRunner("untouched", Map.of(1, 5, 2, 30), 60, Set.of(2));
            try (TuningSession s = tuner.tune()) {
                tuner.chooseOne("untouched", List.of(runner), config, (Object) new float[3][8]);
            }
            System.out.println("picked=" + tuner.choices().get(0).tactic() + " jfr-initialized="
                    + FlightRecorder.isInitialized());
        }
    }
}
