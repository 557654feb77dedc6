package dev.slim.plan;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file or directory in a layer, with the exact metadata it gets in the tar: slim never copies
 * the build machine's owners, modes or times into an image.
 *
 * @param path absolute path in the image, normalised, without a trailing slash
 * @param source the file to copy for a regular file; null for a directory
 */
public record LayerEntry(String path, Type type, int mode, int uid, int gid, Path source) {

  /** What the entry is. */
  public enum Type {
    FILE,
    DIRECTORY
  }

  public LayerEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
      throw new IllegalArgumentException("layer path must be absolute and not '/': " + path);
    }
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid must not be negative");
    }
    if (type == Type.FILE) {
      Objects.requireNonNull(source, "source of a file entry");
    } else if (source != null) {
      throw new IllegalArgumentException("a directory has no source file");
    }
  }

  public static LayerEntry directory(String path, int mode, int uid, int gid) {
    return new LayerEntry(path, Type.DIRECTORY, mode, uid, gid, null);
  }

  public static LayerEntry file(String path, Path source, int mode, int uid, int gid) {
    return new LayerEntry(path, Type.FILE, mode, uid, gid, source);
  }
}
