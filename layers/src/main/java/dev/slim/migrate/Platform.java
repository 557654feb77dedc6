package dev.slim.migrate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A platform the image is built for, {@code os/arch[/variant]} (parsed as {@link
 * dev.slim.oci.Platform}), and the automatic ARGs docker buildx gives a build for it
 * ({@code TARGETOS}, {@code TARGETARCH}, ..., {@code BUILDPLATFORM}).
 */
record Platform(String os, String arch, String variant) {

  /** The platforms a migration without {@code --platform} is built for. */
  static final List<Platform> DEFAULTS = List.of(new Platform("linux", "amd64", ""),
      new Platform("linux", "arm64", ""));
  /** Names whose use in a Dockerfile makes its build depend on the platform. */
  static final Pattern USED = Pattern.compile(
      "\\$\\{?(TARGET|BUILD)(PLATFORM|OS|ARCH|VARIANT)\\b");
  private static final Pattern FORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?");

  /** {@code linux/arm/v7}, read as OCI platforms are; null when {@code text} is not one. */
  static Platform parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (!FORM.matcher(t).matches()) {
      return null;
    }
    dev.slim.oci.Platform p = dev.slim.oci.Platform.parse(t);
    return new Platform(p.os(), p.architecture(), p.variant() == null ? "" : p.variant());
  }

  /** The platform of the machine slim runs on, as BUILDPLATFORM. */
  static Platform host() {
    String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    return new Platform("linux", switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    }, "");
  }

  @Override
  public String toString() {
    return os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant);
  }

  /** {@code linux-arm-v7}: a file name part. */
  String suffix() {
    return toString().replace('/', '-');
  }

  /** The automatic ARGs of a build for this platform on {@code build}. */
  Map<String, String> args(Platform build) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("TARGETPLATFORM", toString());
    args.put("TARGETOS", os);
    args.put("TARGETARCH", arch);
    args.put("TARGETVARIANT", variant);
    args.put("BUILDPLATFORM", build.toString());
    args.put("BUILDOS", build.os);
    args.put("BUILDARCH", build.arch);
    args.put("BUILDVARIANT", build.variant);
    return args;
  }

  /** The Rust musl target of this platform, or null when slim knows none. */
  String muslTarget() {
    return switch (arch + variant) {
      case "amd64" -> "x86_64-unknown-linux-musl";
      case "arm64", "arm64v8" -> "aarch64-unknown-linux-musl";
      case "armv7" -> "armv7-unknown-linux-musleabihf";
      case "armv6" -> "arm-unknown-linux-musleabihf";
      case "386" -> "i686-unknown-linux-musl";
      case "riscv64" -> "riscv64gc-unknown-linux-musl";
      case "ppc64le" -> "powerpc64le-unknown-linux-musl";
      case "s390x" -> "s390x-unknown-linux-musl";
      default -> null;
    };
  }
}
