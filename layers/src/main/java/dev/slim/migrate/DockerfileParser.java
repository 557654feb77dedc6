package dev.slim.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a Dockerfile into instructions: comments and blank lines dropped, {@code \} continuations
 * joined (comment lines inside a continuation skipped, as Docker does), leading flags and the JSON
 * exec form recognised. It does not expand variables: {@link Migrator} does, stage by stage.
 */
final class DockerfileParser {

  private DockerfileParser() {}

  static List<Instruction> parse(String text) {
    List<Instruction> result = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    char escape = '\\';
    boolean directives = true;
    StringBuilder current = null;
    int start = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      if (current == null) {
        if (trimmed.startsWith("#")) {
          if (directives && trimmed.toLowerCase(Locale.ROOT).replace(" ", "")
              .startsWith("#escape=")) {
            String value = trimmed.substring(trimmed.indexOf('=') + 1).strip();
            if (!value.isEmpty()) {
              escape = value.charAt(0);
            }
          }
          continue;
        }
        directives = false;
        if (trimmed.isEmpty()) {
          continue;
        }
        current = new StringBuilder();
        start = i + 1;
      } else if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      String body = line.stripTrailing();
      if (!body.isEmpty() && body.charAt(body.length() - 1) == escape) {
        current.append(body, 0, body.length() - 1).append(' ');
        continue;
      }
      current.append(body);
      result.add(instruction(start, current.toString().strip()));
      current = null;
    }
    if (current != null && !current.toString().isBlank()) {
      result.add(instruction(start, current.toString().strip()));
    }
    return result;
  }

  private static Instruction instruction(int line, String text) {
    int space = indexOfSpace(text);
    String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
    String rest = space < 0 ? "" : text.substring(space).strip();
    List<String> flags = new ArrayList<>();
    if (!keyword.equals("RUN") || rest.startsWith("--")) {
      while (rest.startsWith("--")) {
        int end = indexOfSpace(rest);
        flags.add(end < 0 ? rest : rest.substring(0, end));
        rest = end < 0 ? "" : rest.substring(end).strip();
      }
    }
    return new Instruction(line, keyword, flags, rest, ExecForm.parse(rest));
  }

  private static int indexOfSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
