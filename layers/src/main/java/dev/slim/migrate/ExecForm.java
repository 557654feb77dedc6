package dev.slim.migrate;

import java.util.ArrayList;
import java.util.List;

/** The JSON array of an exec-form instruction ({@code ["/app", "serve"]}), and shell words. */
final class ExecForm {

  private ExecForm() {}

  /** The strings of a JSON array of strings, or null when the text is not one (shell form). */
  static List<String> parse(String text) {
    String s = text.strip();
    if (!s.startsWith("[") || !s.endsWith("]")) {
      return null;
    }
    List<String> result = new ArrayList<>();
    int i = 1;
    int end = s.length() - 1;
    i = skip(s, i, end);
    if (i == end) {
      return result;
    }
    while (true) {
      if (s.charAt(i) != '"') {
        return null;
      }
      StringBuilder value = new StringBuilder();
      i++;
      while (i < end && s.charAt(i) != '"') {
        char ch = s.charAt(i);
        if (ch == '\\' && i + 1 < end) {
          char next = s.charAt(++i);
          switch (next) {
            case 'n' -> value.append('\n');
            case 't' -> value.append('\t');
            case 'r' -> value.append('\r');
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case '"', '\\', '/' -> value.append(next);
            case 'u' -> {
              if (i + 4 >= end || !s.substring(i + 1, i + 5).matches("[0-9A-Fa-f]{4}")) {
                return null; // not JSON: Docker takes the line as shell form
              }
              value.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
              i += 4;
            }
            default -> {
              return null; // not a JSON escape: Docker takes the line as shell form
            }
          }
        } else {
          value.append(ch);
        }
        i++;
      }
      if (i >= end) {
        return null;
      }
      result.add(value.toString());
      i = skip(s, i + 1, end);
      if (i == end) {
        return result;
      }
      if (s.charAt(i) != ',') {
        return null;
      }
      i = skip(s, i + 1, end);
      if (i == end) {
        return null;
      }
    }
  }

  private static int skip(String s, int i, int end) {
    while (i < end && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * Shell words with simple quoting ({@code '...'}, {@code "..."}, backslash); null when the text
   * needs a shell: operators, substitutions, globs or redirections.
   */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quote == '\'') {
        if (ch == '\'') {
          quote = 0;
        } else {
          word.append(ch);
        }
        continue;
      }
      if (quote == '"') {
        if (ch == '"') {
          quote = 0;
        } else if (ch == '$' || ch == '`') {
          return null;
        } else if (ch == '\\' && i + 1 < text.length()) {
          word.append(text.charAt(++i));
        } else {
          word.append(ch);
        }
        continue;
      }
      if (Character.isWhitespace(ch)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        continue;
      }
      if ("|&;<>()$`*?[]{}~".indexOf(ch) >= 0) {
        return null;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
      } else {
        word.append(ch);
      }
    }
    if (quote != 0) {
      return null;
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
