package dev.autotune4j.samples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Java block of the README is code the build compiles (issue 13, item 2): its lines, in order, are lines of
 * one of the samples in {@code dev.autotune4j.samples.readme}, or of the JUnit extension's test fixture (which add
 * only what a block leaves out: the class around it, its other imports, the inputs). A README edit that the
 * samples do not follow fails here.
 */
class ReadmeCodeTest {
    private static final Path README = Path.of("../README.md");
    /** The samples the README's blocks are taken from (the JUnit example is the extension's own test fixture). */
    private static final List<Path> MIRRORS = List.of(Path.of("src/main/java/dev/autotune4j/samples/readme"),
            Path.of("../junit/src/test/java/dev/autotune4j/junit"));

    @Test
    void everyJavaBlockOfTheReadmeIsInACompiledSample() throws IOException {
        List<List<String>> blocks = javaBlocks(Files.readAllLines(README));
        assertFalse(blocks.isEmpty(), "no ```java block found in the README");
        List<List<String>> mirrors = new ArrayList<>();
        for (Path dir : MIRRORS) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    mirrors.add(Files.readAllLines(f).stream().map(String::trim).filter(l -> !l.isEmpty()).toList());
                }
            }
        }
        for (List<String> block : blocks) {
            assertTrue(mirrors.stream().anyMatch(m -> isSubsequence(block, m)),
                    "this README block is not (line for line) in any sample of " + MIRRORS + ":\n" + String.join("\n", block));
        }
    }

    private static List<List<String>> javaBlocks(List<String> lines) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = null;
        for (String line : lines) {
            if (current == null && line.trim().equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && line.trim().equals("```")) {
                out.add(current);
                current = null;
            } else if (current != null && !line.isBlank()) {
                current.add(line.trim());
            }
        }
        return out;
    }

    private static boolean isSubsequence(List<String> block, List<String> file) {
        int at = 0;
        for (String line : file) {
            if (at < block.size() && line.equals(block.get(at))) {
                at++;
            }
        }
        return at == block.size();
    }
}
