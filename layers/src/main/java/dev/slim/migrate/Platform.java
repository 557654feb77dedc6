package dev.slim.migrate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A platform the image is built for, {@code os/arch[/variant]} (parsed as {@link
 * dev.slim.oci.Platform}), and the automatic ARGs docker buildx gives a build for it
 * ({@code TARGETOS}, {@code TARGETARCH}, ..., {@code BUILDPLATFORM}).
 */
record Platform(dev.slim.oci.Platform oci) {

  /** The platforms a migration without {@code --platform} is built for. */
  static final List<Platform> DEFAULTS = List.of(linux("amd64"), linux("arm64"));
  /** Names whose use in a Dockerfile makes its build depend on the platform. */
  static final Pattern USED = Pattern.compile(
      "\\$\\{?(TARGET|BUILD)(PLATFORM|OS|ARCH|VARIANT)\\b");
  private static final Pattern FORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?");

  Platform {
    Objects.requireNonNull(oci, "oci");
  }

  private static Platform linux(String arch) {
    return new Platform(dev.slim.oci.Platform.linux(arch));
  }

  /** {@code linux/arm/v7}, read as OCI platforms are; null when {@code text} is not one. */
  static Platform parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    return FORM.matcher(t).matches() ? new Platform(dev.slim.oci.Platform.parse(t)) : null;
  }

  /** The platform of the machine slim runs on, as BUILDPLATFORM. */
  static Platform host() {
    String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    return linux(switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    });
  }

  String os() {
    return oci.os();
  }

  String arch() {
    return oci.architecture();
  }

  /** The variant, or empty as buildx sets {@code TARGETVARIANT} for a platform without one. */
  String variant() {
    return oci.variant() == null ? "" : oci.variant();
  }

  @Override
  public String toString() {
    return oci.toString();
  }

  /** {@code linux-arm-v7}: a file name part. */
  String suffix() {
    return toString().replace('/', '-');
  }

  /** The automatic ARGs of a build for this platform on {@code build}. */
  Map<String, String> args(Platform build) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("TARGETPLATFORM", toString());
    args.put("TARGETOS", os());
    args.put("TARGETARCH", arch());
    args.put("TARGETVARIANT", variant());
    args.put("BUILDPLATFORM", build.toString());
    args.put("BUILDOS", build.os());
    args.put("BUILDARCH", build.arch());
    args.put("BUILDVARIANT", build.variant());
    return args;
  }

  /** The Rust musl target of this platform, or null when slim knows none. */
  String muslTarget() {
    return switch (arch() + variant()) {
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
