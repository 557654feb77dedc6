package dev.slim.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

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
