package dev.slim.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Dockerfile into instructions: comments and blank lines dropped, {@code \} continuations
 * joined (comment lines inside a continuation skipped, as Docker does), leading flags and the JSON
 * exec form recognised, and the here-documents of RUN, COPY and ADD ({@code <<EOF} up to a line
 * {@code EOF}; {@code <<-EOF} also ends at a tab-indented one) taken as their bodies, never as
 * instructions. It does not expand variables: {@link Migrator} does, stage by stage.
 */
final class DockerfileParser {

  private static final Pattern HEREDOC =
      Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");

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
      List<String> heredocs = new ArrayList<>();
      i = heredocs(current.toString(), lines, i + 1, heredocs) - 1;
      result.add(instruction(start, current.toString().strip(), heredocs));
      current = null;
    }
    if (current != null && !current.toString().isBlank()) {
      result.add(instruction(start, current.toString().strip(), List.of()));
    }
    return result;
  }

  /**
   * Reads the bodies of the here-documents that {@code text} (a RUN, COPY or ADD) opens from
   * {@code lines[next]} on; returns the index of the first line after them.
   */
  private static int heredocs(String text, String[] lines, int next, List<String> bodies) {
    String keyword = text.strip().split("\\s", 2)[0].toUpperCase(Locale.ROOT);
    if (!keyword.equals("RUN") && !keyword.equals("COPY") && !keyword.equals("ADD")) {
      return next;
    }
    Matcher m = HEREDOC.matcher(text);
    int i = next;
    while (m.find()) {
      boolean tabs = !m.group(1).isEmpty();
      StringBuilder body = new StringBuilder();
      for (; i < lines.length; i++) {
        String line = tabs ? lines[i].replaceFirst("^\t+", "") : lines[i];
        if (line.equals(m.group(3))) {
          i++;
          break;
        }
        body.append(line).append('\n');
      }
      bodies.add(body.toString());
    }
    return i;
  }

  private static Instruction instruction(int line, String text, List<String> heredocs) {
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
    return new Instruction(line, keyword, flags, rest, ExecForm.parse(rest), heredocs);
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
