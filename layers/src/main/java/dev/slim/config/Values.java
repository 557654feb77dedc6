package dev.slim.config;

import dev.slim.SlimException;
import dev.slim.plan.Base;
import dev.slim.plan.Settings;
import dev.slim.registry.ImageRef;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules for slim.yaml's values: each returns what is wrong with a value, or null. They are
 * the rules {@code slim build} applies to its flags (from {@link Settings}, {@link ImageRef},
 * {@link Base}), so that a bad value in the file is reported with the file and its line, never
 * as a flag it did not come from.
 */
final class Values {

  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?)(b?)", Pattern.CASE_INSENSITIVE);

  private Values() {}

  static String path(String path) {
    return path.startsWith("/") ? Settings.path(path) : "'" + Settings.printable(path)
        + "' is not absolute; allowed: an absolute path in the image, e.g. /app";
  }

  static String image(String reference) {
    try {
      ImageRef ref = ImageRef.parse(reference);
      return ref.digest() != null && ref.tag() == null
          ? "needs a tag, not a digest: the digest is what slim computes" : null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  static String base(String base) {
    try {
      Base parsed = Base.parse(base, false);
      if (parsed.reference() == null) {
        return null;
      }
      ImageRef.parse(parsed.reference());
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    } catch (SlimException e) {
      return e.getMessage();
    }
  }

  /** A file on this machine (the binary, a report): Java cannot name a file with a NUL. */
  static String file(String path) {
    return path.indexOf('\0') < 0 ? null : "'" + Settings.printable(path) + "' is not a file name";
  }

  /** Parses a size such as {@code 20MB}, {@code 20MiB} or bytes; null when it is not one. */
  static Long size(String value) {
    Matcher m = SIZE.matcher(value.trim());
    if (!m.matches() || (!m.group(3).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    int power = "kmgt".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    double base = m.group(3).isEmpty() ? 1000 : 1024;
    return (long) (Double.parseDouble(m.group(1)) * Math.pow(base, power));
  }
}
