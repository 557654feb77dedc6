package dev.slim.report;

import java.util.Locale;

/** Human sizes: 1 decimal, binary units, always next to the exact byte count where it matters. */
final class Sizes {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Sizes() {}

  static String human(long bytes) {
    if (bytes < 1024 && bytes > -1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  static String percent(double value) {
    return String.format(Locale.ROOT, "%.1f%%", value);
  }

  static String factor(double value) {
    return String.format(Locale.ROOT, "%.1fx", value);
  }

  static String shortDigest(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) : digest;
  }
}
