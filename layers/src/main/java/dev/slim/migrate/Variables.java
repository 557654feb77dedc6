package dev.slim.migrate;

import java.util.function.UnaryOperator;

/**
 * Docker's variable substitution in one migration: {@code $V}, {@code ${V}}, {@code ${V:-word}},
 * {@code ${V-word}}, {@code ${V:+word}}, {@code ${V+word}} (words nest), and {@code \$} for a
 * literal {@code $}. A variable slim does not know is left as written (it may be set at run
 * time). Bounded: one value at most {@link #MAX_VALUE} characters, all substitutions of a
 * migration at most {@link #MAX_TOTAL}; past either {@link TooLarge} is thrown, so that a
 * Dockerfile whose variables double at every line costs kilobytes, not gigabytes.
 */
final class Variables {

  static final int MAX_VALUE = 64 * 1024;
  static final int MAX_TOTAL = 16 * 1024 * 1024;
  /** {@code ${A:-${B:-...}}} deeper than this is left as written. */
  static final int MAX_NESTING = 32;

  /** A substitution past the bounds; the migration turns it into a usage error with the line. */
  static final class TooLarge extends RuntimeException {
    TooLarge(String message) {
      super(message, null, false, false);
    }
  }

  private long total;
  private java.util.function.Consumer<String> unset;

  /** {@code text} with the variables that {@code lookup} knows (null: unknown) substituted. */
  String expand(String text, UnaryOperator<String> lookup) {
    return expand(text, lookup, 0);
  }

  /**
   * As Docker expands at build time: a variable {@code lookup} does not know is empty, and
   * {@code unsetNames} is told its name ({@code ${V:-word}} and {@code ${V+word}} forms as usual).
   */
  String expandAsDocker(String text, UnaryOperator<String> lookup,
      java.util.function.Consumer<String> unsetNames) {
    unset = unsetNames;
    try {
      return expand(text, lookup, 0);
    } finally {
      unset = null;
    }
  }

  private String unknown(String name, String whole) {
    if (unset == null) {
      return whole;
    }
    unset.accept(name);
    return "";
  }

  private String expand(String text, UnaryOperator<String> lookup, int depth) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (ch == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (ch != '$' || i + 1 >= text.length()) {
        out.append(ch);
        i++;
      } else if (text.charAt(i + 1) == '{') {
        int close = closing(text, i + 2);
        if (close < 0) {
          out.append(text, i, text.length());
          break;
        }
        braced(text.substring(i + 2, close), text.substring(i, close + 1), lookup, out, depth);
        i = close + 1;
      } else {
        int end = nameEnd(text, i + 1);
        if (end == i + 1) {
          out.append(ch);
          i++;
          continue;
        }
        String value = lookup.apply(text.substring(i + 1, end));
        append(out, value != null ? value
            : unknown(text.substring(i + 1, end), text.substring(i, end)));
        i = end;
      }
    }
    return out.toString();
  }

  /** {@code NAME}, {@code NAME:-word}, {@code NAME:+word}, ... inside {@code ${}}. */
  private void braced(String inside, String whole, UnaryOperator<String> lookup,
      StringBuilder out, int depth) {
    int end = nameEnd(inside, 0);
    String name = inside.substring(0, end);
    String value = end == 0 ? null : lookup.apply(name);
    String rest = inside.substring(end);
    boolean colon = rest.startsWith(":");
    String op = colon ? rest.substring(1) : rest;
    if (end == 0 || depth >= MAX_NESTING
        || (!rest.isEmpty() && !op.startsWith("-") && !op.startsWith("+"))) {
      append(out, whole);
    } else if (rest.isEmpty()) {
      append(out, value != null ? value : unknown(name, whole));
    } else {
      boolean set = value != null && !(colon && value.isEmpty());
      String word = op.substring(1);
      if (op.startsWith("-")) {
        append(out, set ? value : expand(word, lookup, depth + 1));
      } else {
        append(out, set ? expand(word, lookup, depth + 1) : "");
      }
    }
  }

  private void append(StringBuilder out, String part) {
    total += part.length();
    if (out.length() + part.length() > MAX_VALUE) {
      throw new TooLarge("expands to more than " + MAX_VALUE + " characters; slim migrate stops"
          + " here (does a variable double at every line?)");
    }
    if (total > MAX_TOTAL) {
      throw new TooLarge("variables expand to more than " + MAX_TOTAL + " characters in all;"
          + " slim migrate stops here");
    }
    out.append(part);
  }

  /** The index of the {@code }} that closes a {@code ${} whose body starts at {@code from}. */
  private static int closing(String text, int from) {
    int depth = 0;
    for (int i = from; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '{') {
        depth++;
      } else if (ch == '}' && depth-- == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int nameEnd(String text, int from) {
    int i = from;
    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i))
        || text.charAt(i) == '_') && text.charAt(i) < 0x80
        && !(i == from && Character.isDigit(text.charAt(i)))) {
      i++;
    }
    return i;
  }
}
