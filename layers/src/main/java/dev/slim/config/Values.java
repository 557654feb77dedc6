package dev.slim.config;

import dev.slim.SlimException;
import dev.slim.plan.Base;
import dev.slim.plan.Settings;
import dev.slim.registry.ImageRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The rules for slim.yaml's values: each returns what is wrong with a value, or null. They are
 * the rules {@code slim build} applies to its flags (from {@link Settings}, {@link ImageRef},
 * {@link Base}), so that a bad value in the file is reported with the file and its line, never
 * as a flag it did not come from.
 */
final class Values {

  private Values() {}

  static String path(String path) {
    return path.startsWith("/") ? Settings.path(path) : "'" + Settings.printable(path)
        + "' is not absolute; allowed: an absolute path in the image, e.g. /app";
  }

  static String image(String reference) {
    try {
      ImageRef ref = ImageRef.parse(reference);
      return ref.digest() != null && ref.tag() == null
          ? "needs a tag, not a digest: the digest is what slim computes" : null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  static String tag(String tag) {
    return ImageRef.tagProblem(tag);
  }

  static String base(String base) {
    try {
      Base parsed = Base.parse(base, false);
      if (parsed.reference() == null) {
        return null;
      }
      ImageRef.parse(parsed.reference());
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    } catch (SlimException e) {
      return e.getMessage();
    }
  }

  /** A file on this machine (the binary, a report): Java cannot name a file with a NUL. */
  static String file(String path) {
    return path.indexOf('\0') < 0 ? null : "'" + Settings.printable(path) + "' is not a file name";
  }

  /**
   * A file slim writes (a report, the digest, the SBOM), relative to {@code dir}: not empty, no
   * NUL, no name over 255 bytes, not a folder and not under a file.
   */
  static UnaryOperator<String> output(Path dir) {
    return path -> {
      if (path.isBlank() || file(path) != null) {
        return path.isBlank() ? "empty; allowed: a file path" : file(path);
      }
      for (String name : path.split("/")) {
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
          return "a name in '" + Settings.printable(path) + "' is longer than 255 bytes";
        }
      }
      Path p = Path.of(path);
      Path resolved = dir == null || p.isAbsolute() ? p : dir.resolve(p).normalize();
      if (Files.isDirectory(resolved)) {
        return "'" + Settings.printable(path) + "' is a folder; allowed: a file path";
      }
      for (Path up = resolved.getParent(); up != null; up = up.getParent()) {
        if (Files.exists(up)) {
          return Files.isDirectory(up) ? null : "'" + Settings.printable(path) + "': " + up
              + " is a file, not a folder";
        }
      }
      return null;
    };
  }
}
