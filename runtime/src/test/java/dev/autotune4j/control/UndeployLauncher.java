package dev.autotune4j.control;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * A container in miniature: deploys {@link UndeployedApp} (with the library) in a class loader of its own, runs
 * it, closes the loader (an undeploy) and exits, so the tuner's save at exit runs after its loader was closed.
 *
 * <p>Arguments: the cache file, then the classpath entries of the deployed application.
 */
public final class UndeployLauncher {
    private UndeployLauncher() {
    }

    public static void main(String[] args) throws Exception {
        URL[] urls = new URL[args.length - 1];
        for (int i = 1; i < args.length; i++) {
            urls[i - 1] = Path.of(args[i]).toUri().toURL();
        }
        URLClassLoader webapp = new URLClassLoader("webapp", urls, ClassLoader.getPlatformClassLoader());
        Object sum = webapp.loadClass(UndeployedApp.class.getName()).getMethod("run", String.class)
                .invoke(null, args[0]);
        webapp.close();
        System.out.println("undeployed after sum=" + sum);
    }
}
