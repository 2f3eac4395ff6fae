package dev.autotune4j.cache;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process that takes a cache file's lock: it holds it {@code holdMs}, lets go {@code gapMs}, and does so
 * {@code cycles} times, printing {@code locked} the first time it holds it. Only JDK classes: it runs in a child JVM.
 *
 * <p>Arguments: lock file, holdMs, gapMs, cycles.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        Path lockFile = Path.of(args[0]);
        long hold = Long.parseLong(args[1]);
        long gap = Long.parseLong(args[2]);
        int cycles = Integer.parseInt(args[3]);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (int i = 0; i < cycles; i++) {
                try (FileLock lock = channel.lock()) {
                    if (i == 0) {
                        System.out.println("locked");
                        System.out.flush();
                    }
                    Thread.sleep(hold);
                }
                Thread.sleep(gap);
            }
        }
    }

    /** Starts a holder and returns once it holds the lock. */
    static Process start(Path lockFile, long holdMs, long gapMs, int cycles) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", Path.of(LockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                LockHolder.class.getName(), lockFile.toString(), Long.toString(holdMs), Long.toString(gapMs),
                Integer.toString(cycles)).redirectErrorStream(true).start();
        String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        if (!"locked".equals(first)) {
            p.destroyForcibly();
            throw new AssertionError("the lock holder did not start: " + first);
        }
        return p;
    }
}
