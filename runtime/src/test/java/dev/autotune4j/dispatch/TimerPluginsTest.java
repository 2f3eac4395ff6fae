package dev.autotune4j.dispatch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TacticTimer plugins found by ServiceLoader, as the CUDA timer is on a GPU machine. */
class TimerPluginsTest {

    /**
     * A plugin whose metadata is known at once calls back while the tuner is being built (the GPU demo crashed with a
     * NullPointerException there once the registry moved out of {@code AutoTuner}): the callback must find the tuner
     * ready, and the cache check it triggers must run.
     */
    @Test
    void aPluginThatCallsBackAtOnceFindsTheTunerReady() {
        int before = EagerMetadataTimer.CALLED_BACK.get();
        AutoTuner tuner = new AutoTuner();
        assertEquals(before + 1, EagerMetadataTimer.CALLED_BACK.get(), "the plugin was loaded and called back once");
        assertTrue(!tuner.metadata().fields().isEmpty(), "the metadata is readable right after: " + tuner.metadata());
    }
}
