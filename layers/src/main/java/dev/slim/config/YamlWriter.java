package dev.slim.config;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a {@link SlimConfig} as block-style YAML: keys in the documented order, stable text.
 * Every value reads back as the same string: characters YAML cannot hold are escaped, and in
 * literal mode every {@code $} is written {@code $$}, so {@code slim build} expands nothing.
 */
final class YamlWriter {
  /** Plain-safe text; a colon only inside (at the end YAML reads it as "key:"). */
  private static final Pattern PLAIN =
      Pattern.compile("[A-Za-z0-9_/.](?:[A-Za-z0-9_/.:@+=,-]*[A-Za-z0-9_/.@+=,-])?");
  private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?[0-9.][0-9._:eE+-]*|0[xo].*");
  private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off",
      "null", "y", "n", "~");

  private final StringBuilder out = new StringBuilder();
  private final boolean literal;

  private YamlWriter(boolean literal) {
    this.literal = literal;
  }

  static String render(SlimConfig c, List<String> comments, boolean literal) {
    return new YamlWriter(literal).write(c, comments);
  }

  /** Literal text that {@link ConfigFile} will read back: refused when it would be too large. */
  static String renderLoadable(SlimConfig c, List<String> comments) throws SlimException {
    String text = render(c, comments, true);
    long bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > YamlLoader.MAX_BYTES) {
      throw new SlimException(Reason.USAGE, "the slim.yaml for this Dockerfile would be " + bytes
          + " bytes; a slim.yaml may have at most " + YamlLoader.MAX_BYTES + " (1 MiB): shorten"
          + " the values it carries (ENV, LABEL, CMD)");
    }
    return text;
  }

  private String write(SlimConfig c, List<String> comments) {
    for (String comment : comments) {
      out.append(comment.isEmpty() ? "#" : "# " + escaped(comment, false)).append('\n');
    }
    out.append("apiVersion: ").append(SlimConfig.API_VERSION).append('\n');
    out.append("kind: ").append(SlimConfig.KIND).append('\n');
    scalar("image", c.image());
    list("tags", c.tags());
    scalar("base", c.base());
    if (c.binaries().size() == 1 && c.binaries().get(0).platform() == null) {
      scalar("binary", c.binaries().get(0).path());
    } else if (!c.binaries().isEmpty()) {
      out.append("binaries:\n");
      for (SlimConfig.Binary b : c.binaries()) {
        if (b.platform() == null) {
          out.append("  - ").append(text(b.path())).append('\n');
        } else {
          out.append("  ").append(text(b.platform())).append(": ").append(text(b.path()))
              .append('\n');
        }
      }
    }
    scalar("path", c.path());
    list("args", c.args());
    map("env", c.env());
    list("ports", c.ports());
    scalar("user", c.user());
    scalar("workdir", c.workdir());
    map("labels", c.labels());
    map("annotations", c.annotations());
    scalar("format", c.format());
    if (c.compressionLevel() != null) {
      out.append("compressionLevel: ").append(c.compressionLevel()).append('\n');
    }
    scalar("source", c.source());
    scalar("revision", c.revision());
    if (c.maxSize() != null) {
      out.append("gates:\n  maxSize: ").append(ByteSize.format(c.maxSize())).append('\n');
    }
    list("ignoreWarnings", c.ignoreWarnings());
    if (c.reportJson() != null || c.reportMarkdown() != null || c.digestFile() != null) {
      out.append("reports:\n");
      indented("json", c.reportJson());
      indented("markdown", c.reportMarkdown());
      indented("digestFile", c.digestFile());
    }
    if (c.sbom() || c.sbomOutput() != null) {
      out.append("sbom:\n  enabled: ").append(c.sbom()).append('\n');
      indented("output", c.sbomOutput());
    }
    return out.toString();
  }

  private void scalar(String key, String value) {
    if (value != null) {
      out.append(key).append(": ").append(text(value)).append('\n');
    }
  }

  private void indented(String key, String value) {
    if (value != null) {
      out.append("  ").append(key).append(": ").append(text(value)).append('\n');
    }
  }

  private void list(String key, List<String> values) {
    if (!values.isEmpty()) {
      out.append(key).append(":\n");
      for (String v : values) {
        out.append("  - ").append(key.equals("ports") && v.matches("\\d+") ? v : text(v))
            .append('\n');
      }
    }
  }

  private void map(String key, Map<String, String> values) {
    if (!values.isEmpty()) {
      out.append(key).append(":\n");
      for (Map.Entry<String, String> e : values.entrySet()) {
        out.append("  ").append(text(e.getKey())).append(": ").append(text(e.getValue()))
            .append('\n');
      }
    }
  }

  /** A value as this writer writes it: with {@code $$} for {@code $} in literal mode. */
  private String text(String value) {
    return quote(literal ? value.replace("$", "$$") : value);
  }

  /** Plain when YAML reads it back as the same string, else double-quoted with escapes. */
  static String quote(String value) {
    if (PLAIN.matcher(value).matches() && !NUMBER_LIKE.matcher(value).matches()
        && !RESERVED.contains(value.toLowerCase(java.util.Locale.ROOT))
        && !value.contains("${")) {
      return value;
    }
    return "\"" + escaped(value, true) + "\"";
  }

  /**
   * {@code value} with what a double-quoted YAML scalar (or a comment) cannot hold raw escaped:
   * control and line-break characters, lone surrogates, U+FEFF/FFFE/FFFF; quotes and backslashes
   * too when {@code quoted}.
   */
  private static String escaped(String value, boolean quoted) {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      boolean pair = Character.isHighSurrogate(ch) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1));
      if (pair) {
        q.append(ch).append(value.charAt(++i));
      } else if (quoted && (ch == '"' || ch == '\\')) {
        q.append('\\').append(ch);
      } else if (quoted && ch == '\n') {
        q.append("\\n");
      } else if (quoted && ch == '\t') {
        q.append("\\t");
      } else if (ch < 0x20 || (ch >= 0x7f && ch <= 0x9f) || ch == 0x2028 || ch == 0x2029
          || Character.isSurrogate(ch) || ch >= 0xfeff && (ch == 0xfeff || ch >= 0xfffe)) {
        q.append(String.format(quoted ? "\\u%04x" : "\\x%04x", (int) ch));
      } else {
        q.append(ch);
      }
    }
    return q.toString();
  }
}
