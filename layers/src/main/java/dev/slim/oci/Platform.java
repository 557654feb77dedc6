package dev.slim.oci;

import java.util.Objects;

/** An OCI platform: {@code linux/arm64}, {@code linux/arm/v7}. */
public record Platform(String os, String architecture, String variant) {

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    if (variant != null && variant.isBlank()) {
      variant = null;
    }
  }

  public static Platform linux(String architecture) {
    return new Platform("linux", architecture, null);
  }

  /** Parses {@code os/arch[/variant]}; throws IllegalArgumentException with a readable message. */
  public static Platform parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a platform; expected OS/ARCH[/VARIANT], e.g. linux/arm64");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /**
   * Whether the two name the same platform: the same OS and architecture, and the same variant
   * when both have one. A variant that one side leaves out matches any ({@code linux/arm} matches
   * {@code linux/arm/v7}); {@code linux/arm/v6} never matches {@code linux/arm/v7}. The rule is
   * symmetric.
   */
  public boolean matches(Platform other) {
    return other != null && os.equals(other.os) && architecture.equals(other.architecture)
        && (variant == null || other.variant == null || variant.equals(other.variant));
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
