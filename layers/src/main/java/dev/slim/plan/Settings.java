package dev.slim.plan;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The rules for the image settings a user gives, as a flag or in {@code slim.yaml}. Each method
 * returns what is wrong, phrased to follow the setting's name ({@code --path must ...} or
 * {@code slim.yaml:3: property 'path': must ...}), or null when the value is fine. The
 * {@link Planner} applies them to flags; {@code dev.slim.config} to the file, with its line.
 */
public final class Settings {

  /** A tar header holds a name of 100 bytes, and a prefix of 155 before a {@code /}. */
  static final int TAR_NAME = 100;
  static final int TAR_PREFIX = 155;
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Settings() {}

  /** Where the binary goes: an absolute file path without {@code .}/{@code ..} that tar holds. */
  public static String path(String path) {
    if (!path.startsWith("/") || path.endsWith("/") || path.contains("//")
        || path.contains("\0")) {
      return "must be an absolute file path such as /app, not '" + printable(path) + "'";
    }
    for (String part : path.substring(1).split("/")) {
      if (part.equals(".") || part.equals("..")) {
        return "must not contain '.' or '..': " + printable(path);
      }
    }
    String name = path.substring(1);
    boolean fits = fits(name);
    for (int slash = name.lastIndexOf('/'); fits && slash > 0;
        slash = name.lastIndexOf('/', slash - 1)) {
      fits = fits(name.substring(0, slash + 1));
    }
    return fits ? null : "is too long for a tar header (" + bytes(path) + " bytes): the file"
        + " name and each folder name at most " + TAR_NAME + " bytes, and the folders before the"
        + " last " + TAR_NAME + " bytes at most " + TAR_PREFIX;
  }

  /** An environment variable's name. */
  public static String envKey(String key) {
    return ENV_KEY.matcher(key).matches() ? null
        : "needs KEY=VALUE with a KEY of letters, digits and '_', not '" + printable(key) + "'";
  }

  /** The user to run as. */
  public static String user(String user) {
    return user.isBlank() || user.chars().anyMatch(c -> Character.isWhitespace(c) || c == 0)
        ? "needs UID[:GID] or a name, not '" + printable(user) + "'" : null;
  }

  /** The working directory, or null for none. */
  public static String workdir(String workdir) {
    return workdir != null && (!workdir.startsWith("/") || workdir.contains("\0"))
        ? "must be an absolute path, not '" + printable(workdir) + "'" : null;
  }

  /** A gzip level as written: a whole number from 1 to 9. */
  public static String compressionLevel(String level) {
    boolean digit = level.length() == 1 && level.charAt(0) >= '0' + PlanRequest.FASTEST_LEVEL
        && level.charAt(0) <= '0' + PlanRequest.SMALLEST_LEVEL;
    return digit ? null : "must be a whole number from " + PlanRequest.FASTEST_LEVEL + " to "
        + PlanRequest.SMALLEST_LEVEL + " (" + PlanRequest.FASTEST_LEVEL + " fastest, "
        + PlanRequest.SMALLEST_LEVEL + " smallest; default "
        + PlanRequest.DEFAULT_COMPRESSION_LEVEL + "), not '" + printable(level) + "'";
  }

  /**
   * Whether a ustar header holds the entry name (without the leading {@code /}; a directory with
   * its trailing {@code /}): as the name, or split at a {@code /} into a prefix and a name.
   */
  static boolean fits(String name) {
    if (bytes(name) <= TAR_NAME) {
      return true;
    }
    for (int split = name.lastIndexOf('/', name.length() - 2); split > 0;
        split = name.lastIndexOf('/', split - 1)) {
      if (bytes(name.substring(0, split)) <= TAR_PREFIX
          && bytes(name.substring(split + 1)) <= TAR_NAME) {
        return true;
      }
    }
    return false;
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The value for a message: control characters escaped, long values shortened. */
  public static String printable(String value) {
    StringBuilder s = new StringBuilder();
    int i = 0;
    for (; i < value.length() && s.length() < 120; i++) {
      char ch = value.charAt(i);
      s.append(ch < 0x20 || ch == 0x7f ? String.format("\\x%02x", (int) ch) : String.valueOf(ch));
    }
    // cut: say so, also when escapes (four characters each) filled the 120 before the end
    return i < value.length() ? s + "..." : s.toString();
  }
}
