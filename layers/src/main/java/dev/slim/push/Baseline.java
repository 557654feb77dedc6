package dev.slim.push;

import java.util.Objects;

/**
 * The image a build is compared with.
 *
 * @param reference where it was found
 * @param compressedSize config plus compressed layers, for the build's platform
 */
public record Baseline(String reference, String digest, long compressedSize) {
  public Baseline {
    Objects.requireNonNull(reference, "reference");
  }

  /**
   * What looking for a baseline found: the baseline, or why there is none.
   *
   * @param found the baseline, or null
   * @param exists false when the image itself does not exist (the registry answered 404,
   *     {@code MANIFEST_UNKNOWN} or {@code NAME_UNKNOWN}); true when it exists but has no image
   *     for the platform
   * @param missing with {@code found} null: what is missing, in words
   */
  public record Lookup(Baseline found, boolean exists, String missing) {
    public Lookup {
      if ((found == null) == (missing == null)) {
        throw new IllegalArgumentException("a lookup finds a baseline or says what is missing");
      }
    }

    static Lookup of(Baseline found) {
      return new Lookup(Objects.requireNonNull(found, "found"), true, null);
    }

    static Lookup notFound(String missing) {
      return new Lookup(null, false, missing);
    }

    static Lookup noPlatform(String missing) {
      return new Lookup(null, true, missing);
    }
  }
}
