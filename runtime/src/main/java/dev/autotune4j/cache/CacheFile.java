package dev.autotune4j.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The cache file: one JSON document with the metadata and the typed entries ({@link CacheReader},
 * {@link CacheWriter}).
 *
 * <p>Reading never throws and never trusts the file: a missing, empty, truncated, corrupt, oversized or
 * hostile file, a directory or a device, or one made on another device or library version, loads as "no entries"
 * with a {@link LoadResult#problem() problem} naming the file and the reason. Malformed entries are skipped one by
 * one; the others load.
 *
 * <p>Writing merges with what is on disk under a file lock, so two JVMs saving at once lose nothing; for a key
 * that both hold, the faster measurement is kept (as TensorRT-LLM's post-tune merge does). The new document goes
 * to a temporary file that is renamed over the old one, so a crash leaves either the old or the new file. A save
 * waits at most {@link CacheLimits#lockTimeout()} for the lock; past it, the entries go to a side file
 * ({@code <file>.side-<pid>-<time>.json}) that every later load reads and the next save that gets the lock merges
 * and removes. Temporary files left by a killed writer are removed by the next save. Saves and loads work on an
 * interrupted thread (no interruptible channel reads or writes the file) and leave its interrupt set.
 */
public final class CacheFile {
    public static final String FORMAT = "autotune4j-cache";
    public static final int VERSION = 1;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private CacheFile() {
    }

    /**
     * What a save did.
     *
     * @param backup   where a file that could not be merged, or had malformed entries, was kept; null if none
     * @param sideFile where the entries went because they could not reach {@code file}; null when they did
     * @param whyAside why they went to the side file (the lock stayed taken, the file could not be read), or null
     */
    public record SaveResult(Path file, int written, int notPersistable, Path backup, Path sideFile, String whyAside) {
    }

    /** The rank-specific file, as the reference names it: {@code cache.json} for rank 2 is {@code cache.rank2.json}. */
    public static Path forRank(Path file, int rank) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return file.resolveSibling(stem + ".rank" + rank + ".json");
    }

    public static LoadResult load(Path file, CacheMetadata current) {
        return load(file, current, CacheLimits.defaults());
    }

    /** Loads the entries of {@code file} and its side files that were made on a device and library {@code current} accepts. */
    public static LoadResult load(Path file, CacheMetadata current, CacheLimits limits) {
        LoadResult main = checked(read(file, limits), current);
        List<Path> sides = sideFiles(file);
        if (sides.isEmpty()) {
            return main;
        }
        List<String> warnings = new ArrayList<>(main.warnings());
        List<String> pending = new ArrayList<>(main.pending());
        MergedContents merged = new MergedContents().add(main.entries(), main.untuned());
        int loadedSides = 0;
        for (Path side : sides) {
            LoadResult r = checked(read(side, limits), current);
            if (r.ok()) {
                merged.add(r.entries(), r.untuned());
                pending.addAll(r.pending().stream().filter(f -> !pending.contains(f)).toList());
                loadedSides++;
            } else {
                warnings.add("side file " + side + " loads no entries: " + r.problem());
            }
        }
        warnings.add(loadedSides + " side file(s) written while the file was locked were read too; the next save "
                + "merges them into it");
        boolean anything = main.ok() || loadedSides > 0;
        return new LoadResult(new ArrayList<>(merged.entries()), main.metadata(), anything ? null : main.problem(),
                main.skipped(), main.firstSkipReason(), pending, warnings, !anything && main.unreadableHere(),
                merged.untuned());
    }

    /** Whether anything is at {@code file} (even a broken link or a directory) or beside it as a side file. */
    public static boolean present(Path file) {
        return Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !sideFiles(file).isEmpty();
    }

    private static LoadResult checked(LoadResult raw, CacheMetadata current) {
        if (!raw.ok() || raw.metadata() == null) {
            return raw;
        }
        List<String> mismatches = current.mismatches(raw.metadata());
        if (!mismatches.isEmpty()) {
            return LoadResult.failed("it was made on another device or library version (" + String.join(", ", mismatches)
                    + "); its " + raw.entries().size() + " entries are ignored: tune again (mode=tune) to rebuild it");
        }
        return new LoadResult(raw.entries(), raw.metadata(), null, raw.skipped(), raw.firstSkipReason(),
                current.unknownHere(raw.metadata()), raw.warnings(), false, raw.untuned());
    }

    /** Reads the file whatever its metadata (for reports). */
    public static LoadResult read(Path file) {
        return read(file, CacheLimits.defaults());
    }

    public static LoadResult read(Path file, CacheLimits limits) {
        return CacheReader.read(file, limits);
    }

    public static SaveResult save(Path file, Collection<CacheEntry> entries, CacheMetadata current) throws IOException {
        return save(file, () -> entries, current, CacheLimits.defaults());
    }

    /**
     * Writes the entries {@code entries} supplies, merged with those on disk. The supplier is called once the lock
     * is held, so that work finished while the save waited is in the file too.
     */
    public static SaveResult save(Path file, Supplier<? extends Collection<CacheEntry>> entries, CacheMetadata current,
                                  CacheLimits limits) throws IOException {
        return save(file, entries, List::of, current, limits);
    }

    /** {@link #save(Path, Supplier, CacheMetadata, CacheLimits)}, with the {@link Untuned} profiles to list too. */
    public static SaveResult save(Path file, Supplier<? extends Collection<CacheEntry>> entries,
                                  Supplier<? extends Collection<Untuned>> untuned, CacheMetadata current,
                                  CacheLimits limits) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        CacheWriter.prepareDirectory(target);
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        try {
            // A file lock is held per JVM, not per thread: a second tuner of this JVM locking the same file (another
            // class loader's copy of the runtime) would get OverlappingFileLockException. So tuners of one JVM first
            // take a monitor that every loader shares: an interned string, unique to the path.
            synchronized (("autotune4j cache lock " + lockFile).intern()) {
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock lock = acquire(channel, limits.lockTimeout());
                    if (lock == null) {
                        return saveAside(target, entries.get(), untuned.get(), current, "it stayed locked by another process for "
                                + limits.lockTimeout().toMillis() + " ms (autotune4j.lockTimeoutMs)");
                    }
                    try {
                        return saveLocked(target, entries.get(), untuned.get(), current, limits);
                    } finally {
                        lock.release();
                    }
                }
            }
        } catch (OutOfMemoryError e) {
            throw new IOException("the heap ran out while saving " + target + "; the file on disk is unchanged: give the "
                    + "JVM more heap or lower autotune4j.cacheMaxEntries", e);
        }
    }

    /**
     * The lock, or null when another process held it for all of {@code timeout}. An interrupt does not cut the wait
     * short: the save is the last thing between tuned entries and their loss (the shutdown hook's wait may have been
     * interrupted), and the timeout bounds it anyway; the interrupt is set again for the caller. {@code tryLock}
     * itself is not interruptible, so the channel stays open.
     */
    private static FileLock acquire(FileChannel channel, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        boolean interrupted = false;
        try {
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    Thread.sleep(Math.max(1, Math.min(pause, left / 1_000_000)));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                pause = Math.min(pause * 2, 100);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static SaveResult saveLocked(Path target, Collection<CacheEntry> ours, Collection<Untuned> ourUntuned,
                                         CacheMetadata current, CacheLimits limits) throws IOException {
        removeLeftoverTemporaryFiles(target);
        MergedContents merged = new MergedContents();
        Map<String, String> metadata = new LinkedHashMap<>();
        Path backup = null;
        if (Files.exists(target)) {
            LoadResult disk = checked(read(target, limits), current);
            if (disk.unreadableHere()) {
                return saveAside(target, ours, ourUntuned, current, "it could not be read to merge with (" + disk.problem()
                        + "); it is left as it is");
            }
            if (disk.ok()) {
                merged.add(disk.entries(), disk.untuned());
                metadata.putAll(disk.metadata().fields());   // keep identity fields this JVM does not know (a GPU's)
                if (disk.skipped() > 0) {
                    backup = stamped(target, ".bak-");
                    Files.copy(target, backup);   // the malformed entries are not lost; the good ones stay in place
                }
            } else {
                backup = stamped(target, ".bak-");
                Files.move(target, backup, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<Path> sides = sideFiles(target);
        for (Path side : sides) {
            LoadResult r = checked(read(side, limits), current);
            if (r.ok()) {
                merged.add(r.entries(), r.untuned());
            }
        }
        merged.add(ours, ourUntuned);
        metadata.putAll(current.fields());
        write(target, merged.entries(), merged.untuned(), metadata);
        for (Path side : sides) {
            Files.deleteIfExists(side);
        }
        return new SaveResult(target, merged.size(), merged.notPersistable(), backup, null, null);
    }

    /** The file cannot take our entries now: they go to a side file of their own, which needs no lock. */
    private static SaveResult saveAside(Path target, Collection<CacheEntry> ours, Collection<Untuned> ourUntuned,
                                        CacheMetadata current, String why) throws IOException {
        MergedContents merged = new MergedContents().add(ours, ourUntuned);
        Path side = stamped(target, ".side-" + ProcessHandle.current().pid() + "-");
        side = side.resolveSibling(side.getFileName() + ".json");
        write(side, merged.entries(), merged.untuned(), current.fields());
        return new SaveResult(target, merged.size(), merged.notPersistable(), null, side, why);
    }

    private static void write(Path target, Collection<CacheEntry> entries, Collection<Untuned> untuned,
                              Map<String, String> metadata) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".tmp");
        try {
            CacheWriter.write(tmp, entries, untuned, metadata);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Under the lock no other writer is between creating and renaming its temporary file: any left is a dead one's. */
    private static void removeLeftoverTemporaryFiles(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(target.getParent(),
                f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".tmp"))) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static List<Path> sideFiles(Path file) {
        Path target = file.toAbsolutePath().normalize();
        String prefix = target.getFileName() + ".side-";
        List<Path> out = new ArrayList<>();
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(target.getParent(),
                f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".json"))) {
            files.forEach(out::add);
        } catch (IOException e) {
            // no side files can be listed: the main file is all there is to read
        }
        out.sort(null);
        return out;
    }

    private static Path stamped(Path target, String infix) {
        return target.resolveSibling(target.getFileName() + infix + STAMP.format(Instant.now()));
    }

    /**
     * Saves and loads one entry in a temporary directory, so that every class a save needs is loaded now.
     *
     * <p>Why: the save at exit runs in a shutdown hook, possibly after the class loader that holds this library was
     * closed (an application undeployed from its container). A class first needed then cannot be loaded
     * ({@code NoClassDefFoundError}) and the tuned entries would never reach the file. Never throws.
     */
    public static void rehearse(CacheMetadata current) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("autotune4j-rehearsal");
            Path file = dir.resolve("rehearsal.json");
            CacheEntry entry = new CacheEntry(new CacheKey("rehearsal", "Runner", "",
                    dev.autotune4j.profile.ShapeKey.of(new long[][] {{1}})), 0, TacticCodec.encode(0), null, 1, 1, 0, 1,
                    List.of(new Trial(0, "Runner", "", TacticCodec.encode(0), Double.NaN, 0, 0, "failure")));
            CacheLimits limits = CacheLimits.defaults();
            save(file, () -> List.of(entry), current, limits);
            save(file, () -> List.of(entry), current, limits);   // the second merges with the first: the read path too
            load(file, current, limits);
            Files.writeString(file, "{");
            save(file, () -> List.of(entry), current, limits);   // and the path that keeps a corrupt file aside
        } catch (IOException | RuntimeException e) {
            // nothing to prepare for: the real save reports its own problem
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
