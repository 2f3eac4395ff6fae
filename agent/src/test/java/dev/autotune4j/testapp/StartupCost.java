package dev.autotune4j.testapp;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads (without initializing) every class of the given jars in a fresh loader and prints how long it took,
 * to measure what the agent's transformer adds to class loading. Run it with and without the agent:
 * {@code StartupCost a.jar b.jar ...} prints {@code classes=N ms=T}.
 */
public final class StartupCost {
    private StartupCost() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String path : args) {
            urls.add(new File(path).toURI().toURL());
            try (JarFile jar = new JarFile(path)) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    String n = entries.nextElement().getName();
                    if (n.endsWith(".class") && !n.contains("-") && !n.startsWith("META-INF")) {
                        names.add(n.substring(0, n.length() - 6).replace('/', '.'));
                    }
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), null)) {
            long t0 = System.nanoTime();
            int loaded = 0;
            for (String n : names) {
                try {
                    Class.forName(n, false, loader);
                    loaded++;
                } catch (Throwable ignored) {
                    // optional dependencies of the jar are missing: not loadable here, not counted
                }
            }
            System.out.println("classes=" + loaded + " ms=" + (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
