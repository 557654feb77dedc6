package dev.slim.render;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Human sizes: 1 decimal, binary units, always next to the exact byte count where it matters.
 * Rounded as {@code String.format("%.1f")} rounds (half up, from the shortest decimal form of the
 * double), without {@link java.util.Formatter}, whose first use costs ~8 ms in a fresh JVM.
 */
final class Sizes {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Sizes() {}

  static String human(long bytes) {
    if (bytes < 1024 && bytes > -1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    // 1023.95 and more would print as 1024.0 of this unit: that is 1.0 of the next
    while (Math.abs(value) >= 1023.95 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return oneDecimal(value) + " " + UNITS[unit];
  }

  /** {@code 1 request}, {@code 2 requests}, {@code 0 requests}. */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String percent(double value) {
    return oneDecimal(value) + "%";
  }

  static String factor(double value) {
    return oneDecimal(value) + "x";
  }

  static String oneDecimal(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    String text =
        new BigDecimal(Double.toString(value)).setScale(1, RoundingMode.HALF_UP).toPlainString();
    boolean negative = value < 0 || (value == 0 && 1 / value < 0);
    return negative && !text.startsWith("-") ? "-" + text : text; // -0.0, as %.1f writes it
  }

  /** {@code text} padded with spaces on the right to {@code width} (never cut), as %-Ns does. */
  static StringBuilder left(StringBuilder out, String text, int width) {
    out.append(text);
    for (int i = text.length(); i < width; i++) {
      out.append(' ');
    }
    return out;
  }

  /** {@code text} padded with spaces on the left to {@code width} (never cut), as %Ns does. */
  static StringBuilder right(StringBuilder out, String text, int width) {
    for (int i = text.length(); i < width; i++) {
      out.append(' ');
    }
    return out.append(text);
  }

  static String shortDigest(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) : digest;
  }
}
