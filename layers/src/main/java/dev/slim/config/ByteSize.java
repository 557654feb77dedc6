package dev.slim.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people write them, for {@code --max-size} and {@code gates.maxSize} alike: one parser,
 * so the flag and the file never disagree.
 *
 * <p>A size is a number (digits, optionally a fraction) and, after optional spaces, an optional
 * unit. No unit, or {@code B}, is bytes. {@code k}, {@code M}, {@code G}, {@code T} multiply by
 * 1000, 1000², 1000³, 1000⁴ (SI); with an {@code i} ({@code Ki}, {@code Mi}, …) by 1024, 1024², …
 * The trailing {@code B} is optional and letters may be in any case: {@code 20M}, {@code 20MB}
 * and {@code 20mb} are 20,000,000 bytes, {@code 20Mi} and {@code 20MiB} 20,971,520. The result
 * must be a whole number of bytes ({@code 1.5KiB} is 1536; {@code 0.1KiB} is refused) that fits
 * a {@code long}.
 */
public final class ByteSize {

  /** The largest size, {@link Long#MAX_VALUE} bytes. */
  public static final long MAX = Long.MAX_VALUE;

  private static final Pattern SIZE =
      Pattern.compile("([0-9]+)(?:\\.([0-9]+))?\\s*(?:([kmgt])(i?))?(b?)", Pattern.CASE_INSENSITIVE);
  private static final String PREFIXES = "kmgt";
  /** More significant digits than a long has; checked before BigDecimal sees the text. */
  private static final int MAX_DIGITS = 19;
  private static final String[] UNITS = {"T", "G", "M", "K"};

  private ByteSize() {}

  /**
   * The bytes {@code text} stands for.
   *
   * @throws IllegalArgumentException saying what is wrong and what is allowed; the message
   *     starts with the text in quotes, so the caller can prefix the option or file:line
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size; allowed: bytes (1000000)"
          + " or a number and a unit: 500KB, 20MB, 20MiB, 1.5GB (KB, MB, GB, TB are powers of"
          + " 1000; KiB, MiB, GiB, TiB of 1024)");
    }
    String whole = m.group(1).replaceFirst("^0+(?=.)", "");
    String fraction = m.group(2) == null ? "" : m.group(2).replaceFirst("0+$", "");
    if (whole.length() > MAX_DIGITS || fraction.length() > 2 * MAX_DIGITS) {
      throw tooLarge(text, whole.length() > MAX_DIGITS);
    }
    int power = m.group(3) == null ? 0
        : PREFIXES.indexOf(m.group(3).toLowerCase(Locale.ROOT)) + 1;
    long base = m.group(4) == null || m.group(4).isEmpty() ? 1000 : 1024;
    BigDecimal bytes = new BigDecimal(fraction.isEmpty() ? whole : whole + "." + fraction)
        .multiply(BigDecimal.valueOf(base).pow(power));
    if (bytes.compareTo(BigDecimal.valueOf(MAX)) > 0) {
      throw tooLarge(text, true);
    }
    try {
      return bytes.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes ("
          + bytes.stripTrailingZeros().toPlainString() + ")");
    }
  }

  private static IllegalArgumentException tooLarge(String text, boolean large) {
    String shown = text.length() > 40 ? text.substring(0, 20) + "…(" + text.length()
        + " characters)" : text;
    return new IllegalArgumentException(large
        ? "'" + shown + "' is too large; the largest size is " + MAX + " bytes"
        : "'" + shown + "' has too many decimals to be a whole number of bytes");
  }

  /**
   * The shortest exact spelling of {@code bytes} that {@link #parse} reads back as the same
   * number: {@code 20MiB}, {@code 20MB}, else plain bytes.
   */
  public static String format(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size is not negative: " + bytes);
    }
    String best = Long.toString(bytes);
    if (bytes == 0) {
      return best;
    }
    for (int i = 0; i < UNITS.length; i++) {
      int power = UNITS.length - i;
      for (String candidate : new String[] {
          exact(bytes, 1L << (10 * power), UNITS[i] + "iB"),
          exact(bytes, (long) Math.pow(1000, power), UNITS[i] + "B")}) {
        if (candidate != null && candidate.length() < best.length()) {
          best = candidate;
        }
      }
    }
    return best;
  }

  private static String exact(long bytes, long unit, String name) {
    return bytes % unit == 0 ? bytes / unit + name : null;
  }
}
