package dev.slim.cleanup;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A retention policy in the words users know. With no deleting rule ({@code keepLast} and
 * {@code olderThan} both {@code null}) every tag is kept.
 *
 * @param keepLast keep the N newest images (by the config's creation time) of each repository,
 *     or {@code null}
 * @param olderThan delete only images created longer ago than this, or {@code null}
 * @param keep tags matching this are always kept, or {@code null}
 * @param only only tags matching this are considered at all, or {@code null} for every tag
 * @param protect digests ({@code sha256:…}) that are always kept
 * @param keepLatest whether the tag {@code latest} is always kept (the default)
 */
public record Policy(Integer keepLast, Duration olderThan, Pattern keep, Pattern only,
    Set<String> protect, boolean keepLatest) {

  private static final Pattern AGE = Pattern.compile("([0-9]{1,6})([smhdw])");

  public Policy {
    protect = Set.copyOf(protect);
    if (keepLast != null && keepLast < 0) {
      throw new IllegalArgumentException("--keep-last must be 0 or more, not " + keepLast);
    }
    if (olderThan != null && olderThan.isNegative()) {
      throw new IllegalArgumentException("--older-than must not be negative");
    }
    for (String digest : protect) {
      if (!digest.matches("sha256:[0-9a-f]{64}")) {
        throw new IllegalArgumentException("--protect \"" + digest
            + "\" is not a digest (sha256: and 64 lowercase hex digits)");
      }
    }
  }

  /** Keeps everything. */
  public static Policy keepAll() {
    return new Policy(null, null, null, null, Set.of(), true);
  }

  /** Whether any rule can delete a tag. */
  public boolean deletes() {
    return keepLast != null || olderThan != null;
  }

  /**
   * Parses an age such as {@code 30d}, {@code 12h}, {@code 2w}, {@code 90m} or {@code 45s}.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Duration parseAge(String text) {
    Matcher m = AGE.matcher(Objects.requireNonNull(text, "age").trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("age \"" + text
          + "\" must be a number and a unit: s, m, h, d or w (such as 30d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  /** {@code 30d} for 30 days, and so on: the shortest exact form. */
  static String age(Duration d) {
    long s = d.getSeconds();
    if (s % (7 * 86400) == 0 && s > 0) {
      return s / (7 * 86400) + "w";
    }
    if (s % 86400 == 0 && s > 0) {
      return s / 86400 + "d";
    }
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
