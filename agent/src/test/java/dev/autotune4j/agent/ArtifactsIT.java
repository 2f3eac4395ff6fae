package dev.autotune4j.agent;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user fetches (issue 13, item 2): the agent module's main artifact is the agent itself, and the BOM names
 * every published module at the project's version.
 */
class ArtifactsIT {

    /** The pom makes the shaded jar the main artifact; this checks the jar the build made under that name. */
    @Test
    void theAgentArtifactIsTheAgent() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<finalName>autotune4j-agent</finalName>"), "the build's own finalName is the agent's");
        Path jar = Path.of("target/autotune4j-agent.jar");
        assertTrue(Files.exists(jar), "an integration test: it runs after package");
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            assertEquals("dev.autotune4j.agent.AutotuneAgent", m.getMainAttributes().getValue("Premain-Class"));
            assertEquals("dev.autotune4j.agent.AutotuneAgent", m.getMainAttributes().getValue("Agent-Class"));
            assertEquals("true", m.getMainAttributes().getValue("Can-Retransform-Classes"));
            assertNotNull(f.getEntry("dev/autotune4j/agent/shaded/bytebuddy/ByteBuddy.class"), "ByteBuddy, relocated");
            assertNull(f.getEntry("net/bytebuddy/ByteBuddy.class"));
            assertNull(f.getEntry("dev/autotune4j/dispatch/AutoTuner.class"), "no copy of the runtime");
        }
    }

    @Test
    void theBomNamesEveryPublishedModuleAtTheProjectVersion() throws Exception {
        String parent = Files.readString(Path.of("../pom.xml"));
        String version = first(Pattern.compile("<artifactId>autotune4j-parent</artifactId>\\s*<version>([^<]+)</version>"), parent);
        String bom = Files.readString(Path.of("../bom/pom.xml"));
        assertEquals(version, first(Pattern.compile("<artifactId>autotune4j-bom</artifactId>\\s*<version>([^<]+)</version>"), bom));
        for (String module : new String[] {"autotune4j-runtime", "autotune4j-agent", "autotune4j-junit", "autotune4j-distributed"}) {
            assertEquals(version, first(Pattern.compile("<artifactId>" + module + "</artifactId>\\s*<version>([^<]+)</version>"), bom),
                    module + " in the BOM");
        }
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), p.pattern());
        return m.group(1);
    }
}
