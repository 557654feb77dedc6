package dev.slim.migrate;

import java.util.Set;

/**
 * What a migration says about a variable that has no value where Docker expands it (ENV, LABEL,
 * COPY, USER, WORKDIR, EXPOSE of the final stage): Docker makes it empty, and so does slim, with a
 * note; never a literal {@code $V} that {@code slim build} would later read.
 */
final class Unset {

  /** Variables only a base image's ENV provides: slim's image has no base ENV to extend. */
  static final Set<String> FROM_BASE = Set.of("PATH", "HOME", "LD_LIBRARY_PATH", "GOPATH",
      "CARGO_HOME", "RUSTUP_HOME", "JAVA_HOME", "LANG", "HOSTNAME");
  static final Set<String> PLATFORM = Set.of("TARGETPLATFORM", "TARGETOS", "TARGETARCH",
      "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT");

  private Unset() {}

  /** The note for {@code $name}, unset at this line. */
  static String why(String name) {
    if (FROM_BASE.contains(name)) {
      return "$" + name + " comes from the base image's ENV, which a slim image does not have;"
          + " empty here";
    }
    if (PLATFORM.contains(name)) {
      return "$" + name + " is set by docker buildx per platform; slim migrate does not yet write"
          + " a binaries map per platform: empty here, write the path for your platform";
    }
    return "$" + name + " has no value in this stage, so Docker makes it empty and so does slim"
        + " (a global ARG needs 'ARG " + name + "' inside the stage to be seen there)";
  }

  /** True when the raw text of an ENV value extends a variable of the base image. */
  static boolean extendsBase(String raw) {
    for (String name : FROM_BASE) {
      if (raw.contains("$" + name) || raw.contains("${" + name)) {
        return true;
      }
    }
    return false;
  }
}
