package dev.slim.pipeline;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.oci.Platform;
import dev.slim.push.Baseline;
import dev.slim.push.Baselines;
import dev.slim.registry.ImageRef;
import dev.slim.registry.Sessions;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a build is compared with: a local archive, an image reference given on purpose, or, when
 * pushing without one, the image now at the tag. A value that looks like a path ({@code ./},
 * {@code ../}, {@code /}, {@code .tar}, or an existing file) is a file and must exist; an image
 * given on purpose must exist too. Only the implicit image at the tag may be missing (a first
 * push): that is a note in the report.
 *
 * @param given the value as given, or null for the image at the tag
 * @param archive the archive, or null
 * @param ref the image, or null for an archive
 */
record BaselineSource(String given, Path archive, ImageRef ref) {

  /**
   * Reads {@code value} (null: none given) of the option named {@code option}.
   *
   * @throws SlimException USAGE for a missing file or a value that is neither file nor reference
   */
  static BaselineSource of(String option, String value, ImageRef target) throws SlimException {
    if (value == null) {
      return new BaselineSource(null, null, target);
    }
    if (looksLikeFile(value)) {
      Path file = Path.of(value);
      if (Files.isDirectory(file)) {
        throw new SlimException(Reason.USAGE, option + " " + value + ": is a folder; give an"
            + " archive (docker save -o FILE.tar IMAGE) or an image reference");
      }
      if (!Files.isRegularFile(file)) {
        throw new SlimException(Reason.USAGE, option + " " + value + ": file not found");
      }
      return new BaselineSource(value, file, null);
    }
    try {
      return new BaselineSource(value, null, ImageRef.parse(value));
    } catch (IllegalArgumentException e) {
      throw new SlimException(Reason.USAGE, option + " '" + value
          + "' is neither an archive file nor an image reference: " + e.getMessage());
    }
  }

  /** A path, not an image reference: {@code ./x}, {@code ../x}, {@code /x}, {@code x.tar}, a file. */
  static boolean looksLikeFile(String value) {
    if (value.startsWith("./") || value.startsWith("../") || value.startsWith("/")
        || value.equals(".") || value.equals("..") || value.endsWith(".tar")) {
      return true;
    }
    try {
      return Files.isRegularFile(Path.of(value));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * The baseline summed over every platform built, or what is missing for the first platform
   * that has none.
   */
  Baseline.Lookup find(Sessions sessions, List<Platform> platforms) throws SlimException {
    long total = 0;
    Baseline first = null;
    for (Platform platform : platforms) {
      Baseline.Lookup one = archive != null
          ? Baselines.fromArchive(archive, platform)
          : Baselines.fromRegistry(sessions, ref, platform);
      if (one.found() == null) {
        return one;
      }
      first = first == null ? one.found() : first;
      total = Math.addExact(total, one.found().compressedSize());
    }
    return new Baseline.Lookup(new Baseline(first.reference(), first.digest(), total), true,
        null);
  }

  /**
   * The baseline, or empty (no lookup, or nothing found) with the note saying why.
   *
   * @throws SlimException REGISTRY when an image given on purpose does not exist
   */
  Optional<Baseline> check(Optional<Baseline.Lookup> looked) throws SlimException {
    if (looked.isEmpty()) {
      return Optional.empty();
    }
    Baseline.Lookup lookup = looked.get();
    if (lookup.found() == null && !lookup.exists() && given != null) {
      throw new SlimException(Reason.REGISTRY, "baseline " + given + ": " + lookup.missing()
          + " (the registry has no such image); check the reference, or leave the baseline out");
    }
    return Optional.ofNullable(lookup.found());
  }

  /** Whether a baseline is looked up: always when pushing, else only when one was given. */
  boolean wanted(boolean push) {
    return push || given != null;
  }

  /** The report's note on the baseline; {@code looked} is empty when none was looked up. */
  String note(Optional<Baseline.Lookup> looked, boolean push) {
    if (looked.isPresent() && looked.get().found() != null) {
      return "compared with " + looked.get().found().reference();
    }
    if (looked.isPresent() && given != null) {
      return "no baseline: " + looked.get().missing();
    }
    return push
        ? "no baseline: nothing at " + ref + " yet (give --baseline REF to compare)"
        : "no baseline (give --baseline REF to compare)";
  }
}
