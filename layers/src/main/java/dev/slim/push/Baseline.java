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
}
