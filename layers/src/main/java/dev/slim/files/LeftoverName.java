package dev.slim.files;

import java.util.Objects;

/**
 * The name shape of a temporary path, {@code PREFIX<pid>-<number>SUFFIX}, which says whose it is:
 * {@code slim-build-4242-123} (a work folder), {@code .app.tar.slim-4242-123.partial} (a partial
 * output). Matched by hand rather than by a regular expression: this is on every build's start.
 */
record LeftoverName(String prefix, String suffix) {

  LeftoverName {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("a leftover name needs a prefix");
    }
  }

  String name(long pid, long random) {
    return prefix + pid + "-" + Long.toUnsignedString(random) + suffix;
  }

  /** The PID in {@code name} when it has exactly this shape; else -1. */
  long owner(String name) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix)
        || name.length() < prefix.length() + suffix.length() + 3) {
      return -1;
    }
    String middle = name.substring(prefix.length(), name.length() - suffix.length());
    int dash = middle.indexOf('-');
    if (dash < 1 || dash > 10 || middle.length() - dash - 1 < 1 || middle.length() - dash - 1 > 20
        || !digits(middle, 0, dash) || !digits(middle, dash + 1, middle.length())) {
      return -1;
    }
    return Long.parseLong(middle, 0, dash, 10);
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
