package dev.autotune4j.cache;

import java.nio.file.Path;

/** {@link LockHolder} for tests of other packages: a process holding {@code lockFile} for a minute. */
public final class LockHolderAccess {
    private LockHolderAccess() {
    }

    public static Process start(Path lockFile) throws Exception {
        return LockHolder.start(lockFile, 60_000, 0, 1);
    }
}
