package dev.slim.cleanup;

import dev.slim.oci.Digests;
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
 * @param order what ranks the images for {@code keepLast}: their creation time (the default) or
 *     their tags' semantic versions
 */
public record Policy(Integer keepLast, Duration olderThan, Pattern keep, Pattern only,
    Set<String> protect, boolean keepLatest, Order order) {

  private static final Pattern AGE = Pattern.compile("([0-9]{1,6})([smhdw])");

  /**
   * What {@code --keep-last} ranks images by ({@code --order}). Neither falls back on the other:
   * images the order cannot rank are kept, with the reason.
   */
  public enum Order {
    /** The config's {@code created}; unknown (at or before 1980) and shared times cannot rank. */
    CREATED,
    /** The tags' semantic versions ({@code 1.4.2}, {@code v2.0.0-rc.1}); other tags cannot. */
    SEMVER;

    /** {@code created} or {@code semver}. */
    public static Order parse(String text) {
      for (Order o : values()) {
        if (o.label().equals(Objects.requireNonNull(text, "order").trim()
            .toLowerCase(Locale.ROOT))) {
          return o;
        }
      }
      throw new IllegalArgumentException("--order must be created or semver, not \"" + text
          + "\"");
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Ranked by creation time. */
  public Policy(Integer keepLast, Duration olderThan, Pattern keep, Pattern only,
      Set<String> protect, boolean keepLatest) {
    this(keepLast, olderThan, keep, only, protect, keepLatest, Order.CREATED);
  }

  public Policy {
    protect = Set.copyOf(protect);
    Objects.requireNonNull(order, "order");
    if (order != Order.CREATED && keepLast == null) {
      throw new IllegalArgumentException("--order " + order.label() + " ranks images for"
          + " --keep-last: give --keep-last N too");
    }
    if (keepLast != null && keepLast < 0) {
      throw new IllegalArgumentException("--keep-last must be 0 or more, not " + keepLast);
    }
    if (olderThan != null && olderThan.isNegative()) {
      throw new IllegalArgumentException("--older-than must not be negative");
    }
    for (String digest : protect) {
      if (!Digests.isSha256(digest)) {
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
