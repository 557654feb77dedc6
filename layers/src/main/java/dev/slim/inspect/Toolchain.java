package dev.slim.inspect;

import dev.slim.oci.Platform;

/** The compiler a binary most likely came from, which decides how slim words its fixes. */
public enum Toolchain {
  /** {@code .go.buildinfo} or {@code .note.go.buildid}, or Go build info in the data. */
  GO("Go"),
  /** {@code .comment} names rustc, or Rust's runtime symbols or GDB scripts are present. */
  RUST("Rust"),
  /** {@code .comment} names GCC or clang (and no Go or Rust evidence). */
  C("C/C++"),
  UNKNOWN("unknown");

  private final String label;

  Toolchain(String label) {
    this.label = label;
  }

  /** For people: "Go", "C/C++". */
  public String label() {
    return label;
  }

  /** How to make a binary from this toolchain static. */
  String linkHint(Platform platform) {
    return switch (this) {
      case GO -> "rebuild with CGO_ENABLED=0 (e.g. CGO_ENABLED=0 go build ...)";
      case C -> "link statically: gcc -static, or musl-gcc -static";
      case RUST -> "build with RUSTFLAGS='-C target-feature=+crt-static' or the "
          + rustMuslTarget(platform) + " target";
      case UNKNOWN -> "link it statically so that it needs no loader and no shared libraries"
          + " (Go: CGO_ENABLED=0; C: gcc -static or musl-gcc -static)";
    };
  }

  /** How to drop the symbols and debug info of a binary from this toolchain. */
  String stripHint() {
    return switch (this) {
      case GO -> "rebuild with -ldflags=\"-s -w\"";
      case C -> "link with -s, or run strip";
      case RUST -> "set strip = true in the Cargo profile";
      case UNKNOWN -> "run strip on the binary";
    };
  }

  private static String rustMuslTarget(Platform platform) {
    String architecture = platform == null ? "amd64" : platform.architecture();
    return switch (architecture) {
      case "arm64" -> "aarch64-unknown-linux-musl";
      case "386" -> "i686-unknown-linux-musl";
      case "arm" -> "v7".equals(platform.variant())
          ? "armv7-unknown-linux-musleabihf" : "arm-unknown-linux-musleabihf";
      case "ppc64le" -> "powerpc64le-unknown-linux-musl";
      case "riscv64" -> "riscv64gc-unknown-linux-musl";
      case "s390x" -> "s390x-unknown-linux-musl";
      default -> "x86_64-unknown-linux-musl";
    };
  }
}
