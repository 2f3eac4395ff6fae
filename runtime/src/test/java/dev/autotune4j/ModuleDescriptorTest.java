package dev.autotune4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The exported API speaks only exported types (issue 14, item 4): compiled as a module with {@code -Xlint:exports
 * -Werror}, a public method of an exported package that returns or takes a type of an internal one (as
 * {@code AutoTuner.cache()} returned the mutable cache) fails the build with the method named. The build itself
 * compiles the classes on the class path and the descriptor apart, so this check runs here.
 */
class ModuleDescriptorTest {

    @Test
    void theExportedApiExposesNoInternalType(@TempDir Path out) throws Exception {
        List<String> args = new ArrayList<>(List.of("-Xlint:exports", "-Werror", "-proc:none", "-d", out.toString(),
                "--module-path", modulePath()));
        try (Stream<Path> sources = Stream.concat(Files.walk(Path.of("src/main/java")),
                Files.walk(Path.of("src/main/module-info")))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int exit = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, exit, diagnostics.toString());
    }

    /** The runtime's requirements, from this test's class path. */
    private static String modulePath() {
        List<String> modules = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("jackson-") || name.startsWith("slf4j-api") || name.startsWith("jcuda-12")) {
                modules.add(entry);
            }
        }
        return String.join(File.pathSeparator, modules);
    }
}
