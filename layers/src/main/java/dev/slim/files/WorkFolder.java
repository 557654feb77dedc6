package dev.slim.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A private folder for one run's intermediate files (compressed layers, downloaded base layers),
 * in {@code java.io.tmpdir}, named {@code PREFIX<pid>-<random>} so that a later run can tell
 * whose it is. It is removed when the run ends, on SIGTERM and SIGINT too (by a shutdown hook);
 * the folders a SIGKILLed run left are removed by the next {@link #create} with the same prefix
 * once their process is gone.
 */
public final class WorkFolder {

  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  /** Numbers the files and folders made inside work folders, for this process. */
  private static final AtomicLong NEXT = new AtomicLong();

  private WorkFolder() {}

  /** Creates a work folder, first removing the ones dead slim processes left behind. */
  public static Path create(String prefix) throws IOException {
    return create(Path.of(System.getProperty("java.io.tmpdir")), prefix);
  }

  static Path create(Path root, String prefix) throws IOException {
    if (!prefix.endsWith("-") || !prefix.chars().allMatch(c -> c == '-' || c >= 'a' && c <= 'z')) {
      throw new IllegalArgumentException("a work folder prefix is lowercase words ending in '-'"
          + ", not '" + prefix + "'");
    }
    LeftoverName names = new LeftoverName(prefix, "");
    Leftovers.sweep(root, names);
    Path folder = root.resolve(names.name(Leftovers.pid(),
        ThreadLocalRandom.current().nextLong()));
    return Leftovers.create(folder, () -> {
      try {
        return Files.createDirectory(folder, PRIVATE);
      } catch (UnsupportedOperationException notPosix) {
        return Files.createDirectory(folder);
      }
    });
  }

  /**
   * A new empty file {@code PREFIX<n>SUFFIX} in {@code dir}, a folder inside a work folder. Not
   * {@link Files#createTempFile}: its random names come from a {@code SecureRandom}, whose first
   * use costs 13–15 ms in a fresh JVM (a build overlaps some of it); a work folder is private to
   * this run, so a number is unique enough, and the file is created only if no file has that
   * name.
   */
  public static Path newFile(Path dir, String prefix, String suffix) throws IOException {
    return numbered(dir, prefix, suffix, false);
  }

  /** A new empty folder {@code PREFIX<n>} in {@code dir}, as {@link #newFile} makes files. */
  public static Path newFolder(Path dir, String prefix) throws IOException {
    return numbered(dir, prefix, "", true);
  }

  private static Path numbered(Path dir, String prefix, String suffix, boolean folder)
      throws IOException {
    while (true) {
      Path path = dir.resolve(prefix + NEXT.incrementAndGet() + suffix);
      try {
        return folder ? Files.createDirectory(path) : Files.createFile(path);
      } catch (FileAlreadyExistsException taken) {
        // a leftover of an earlier run or another name's: the next number
      }
    }
  }

  /** Deletes the folder and everything in it. */
  public static void delete(Path folder) {
    if (folder == null) {
      return;
    }
    Leftovers.deleteTree(folder);
    Leftovers.forget(folder);
  }

  /**
   * Whether slim is stopping (SIGTERM, SIGINT): the failures that follow are the cancellation's,
   * not worth reporting.
   */
  public static boolean stopping() {
    return Leftovers.stopping();
  }
}
