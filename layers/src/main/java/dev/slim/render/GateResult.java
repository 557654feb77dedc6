package dev.slim.render;

import java.util.Objects;

/**
 * One policy gate, checked.
 *
 * @param name the gate, as its option is called without dashes ({@code max-size})
 * @param platform the platform whose image was checked, or null for a single-platform build
 * @param limit the limit, in bytes
 * @param actual the measured value, in bytes (compressed image size)
 * @param passed whether {@code actual} is within {@code limit}
 */
public record GateResult(String name, String platform, long limit, long actual, boolean passed) {

  public GateResult {
    Objects.requireNonNull(name, "name");
  }

  /** The size gate: passed when the compressed image is at most {@code limit} bytes. */
  public static GateResult maxSize(String platform, long limit, long actual) {
    return new GateResult("max-size", platform, limit, actual, actual <= limit);
  }

  /** {@code max-size}, or {@code max-size (linux/arm64)} for one platform of several. */
  public String label() {
    return platform == null ? name : name + " (" + platform + ")";
  }
}
