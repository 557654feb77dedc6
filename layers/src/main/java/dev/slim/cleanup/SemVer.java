package dev.slim.cleanup;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tag read as a semantic version (semver.org 2.0.0 precedence), for {@code --order semver}:
 * {@code MAJOR.MINOR.PATCH}, optionally after a {@code v} and followed by {@code -PRERELEASE}
 * ({@code 1.4.2}, {@code v2.0.0-rc.1}). As tags go, {@code MINOR} and {@code PATCH} may be left
 * out ({@code v1}, {@code 1.4}, {@code v1.4-beta}; a missing part is 0, so {@code v1} and
 * {@code v1.0.0} are the same version); a bare number ({@code 7}, and a short commit hash that
 * happens to be all digits) is not a version without its {@code v}. Build metadata ({@code +…})
 * cannot occur: a tag has no {@code +}.
 *
 * <p>Ordered by precedence: numerically by major, minor, patch; a pre-release before its
 * release; pre-release identifiers numeric (numerically) before alphanumeric (in ASCII order),
 * and a shorter list before a longer one it begins.
 */
record SemVer(BigInteger major, BigInteger minor, BigInteger patch, List<String> prerelease)
    implements Comparable<SemVer> {

  private static final String NUMBER = "(0|[1-9][0-9]*)";
  private static final String IDENTIFIER = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
  private static final Pattern VERSION = Pattern.compile("(v?)" + NUMBER + "(?:\\." + NUMBER
      + "(?:\\." + NUMBER + ")?)?(?:-(" + IDENTIFIER + "(?:\\." + IDENTIFIER + ")*))?");

  SemVer {
    prerelease = List.copyOf(prerelease);
  }

  /** The version a tag names, or empty when it names none. */
  static Optional<SemVer> parse(String tag) {
    Matcher m = VERSION.matcher(tag);
    if (!m.matches() || (m.group(1).isEmpty() && m.group(3) == null)) {
      return Optional.empty();
    }
    return Optional.of(new SemVer(new BigInteger(m.group(2)), number(m.group(3)),
        number(m.group(4)), m.group(5) == null ? List.of()
            : List.of(m.group(5).split("\\."))));
  }

  private static BigInteger number(String part) {
    return part == null ? BigInteger.ZERO : new BigInteger(part);
  }

  @Override
  public int compareTo(SemVer o) {
    int c = major.compareTo(o.major);
    if (c == 0) {
      c = minor.compareTo(o.minor);
    }
    if (c == 0) {
      c = patch.compareTo(o.patch);
    }
    if (c != 0) {
      return c;
    }
    if (prerelease.isEmpty() || o.prerelease.isEmpty()) {
      return Boolean.compare(prerelease.isEmpty(), o.prerelease.isEmpty());
    }
    for (int i = 0; i < Math.min(prerelease.size(), o.prerelease.size()); i++) {
      c = identifier(prerelease.get(i), o.prerelease.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(prerelease.size(), o.prerelease.size());
  }

  private static int identifier(String a, String b) {
    boolean numA = a.chars().allMatch(Character::isDigit);
    boolean numB = b.chars().allMatch(Character::isDigit);
    if (numA && numB) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (numA != numB) {
      return numA ? -1 : 1;
    }
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch
        + (prerelease.isEmpty() ? "" : "-" + String.join(".", prerelease));
  }
}
