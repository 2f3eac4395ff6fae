package dev.autotune4j.samples.service;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting the sample service for the demo and the attach-under-load script. */
class ServiceProcessTest {

    /** A JVM option the JVM refuses: the error says so, with the JVM's own words, not "Stream closed". */
    @Test
    void aServiceThatCannotStartSaysWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(
                Path.of("unused.jar"), null, List.of("-XX:NoSuchOptionAnywhere=1"), List.of("64", "128")));
        assertTrue(e.getMessage().startsWith("the service did not start (exit 1); its JVM options: "
                + "[-XX:NoSuchOptionAnywhere=1]"), e.getMessage());
        assertTrue(e.getMessage().contains("NoSuchOptionAnywhere"), e.getMessage());
    }
}
