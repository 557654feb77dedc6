package dev.slim.migrate;

import java.util.ArrayList;
import java.util.List;

/** Text helpers of a migration: image paths, quoting, tokens and shortened instructions. */
final class Words {

  private Words() {}

  static String absolute(String workdir, String path) {
    if (path.startsWith("/")) {
      return normalize(path);
    }
    String base = workdir == null ? "/" : workdir;
    return normalize(base + "/" + path);
  }

  static String normalize(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(p);
      }
    }
    return "/" + String.join("/", parts);
  }

  static String basename(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }

  static String unquote(String s) {
    if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"")
        || s.startsWith("'") && s.endsWith("'"))) {
      return s.substring(1, s.length() - 1).replace("\\\"", "\"");
    }
    return s;
  }

  /** Space-separated tokens, keeping quoted parts (with their quotes) together. */
  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quote != 0) {
        current.append(ch);
        if (ch == '\\' && i + 1 < text.length()) {
          current.append(text.charAt(++i));
        } else if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
        current.append(ch);
      } else if (Character.isWhitespace(ch)) {
        if (current.length() > 0) {
          tokens.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(ch);
      }
    }
    if (current.length() > 0) {
      tokens.add(current.toString());
    }
    return tokens;
  }

  static String shorten(Instruction in) {
    String text = in.keyword() + (in.flags().isEmpty() ? "" : " " + String.join(" ", in.flags()))
        + " " + in.rest();
    text = printable(text.replaceAll("\\s+", " ").strip());
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  /** Text for a message or a comment: control characters and line breaks escaped as \\xNN. */
  static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      boolean control = ch < 0x20 || (ch >= 0x7f && ch <= 0x9f) || ch == 0x2028 || ch == 0x2029;
      if (control && out == null) {
        out = new StringBuilder(text.substring(0, i));
      }
      if (out != null) {
        out.append(control ? String.format("\\x%02x", (int) ch) : String.valueOf(ch));
      }
    }
    return out == null ? text : out.toString();
  }
}
