package dev.slim.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Writes a {@link SlimConfig} as block-style YAML: keys in the documented order, stable text. */
final class YamlWriter {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_/.][A-Za-z0-9_/.:@+=,-]*");
  private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?[0-9.][0-9._:eE+-]*|0[xo].*");
  private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off",
      "null", "y", "n", "~");

  private YamlWriter() {}

  static String render(SlimConfig c, List<String> comments) {
    StringBuilder out = new StringBuilder();
    for (String comment : comments) {
      out.append(comment.isEmpty() ? "#" : "# " + comment).append('\n');
    }
    out.append("apiVersion: ").append(SlimConfig.API_VERSION).append('\n');
    out.append("kind: ").append(SlimConfig.KIND).append('\n');
    scalar(out, "image", c.image());
    scalar(out, "base", c.base());
    if (c.binaries().size() == 1 && c.binaries().get(0).platform() == null) {
      scalar(out, "binary", c.binaries().get(0).path());
    } else if (!c.binaries().isEmpty()) {
      out.append("binaries:\n");
      for (SlimConfig.Binary b : c.binaries()) {
        if (b.platform() == null) {
          out.append("  - ").append(quote(b.path())).append('\n');
        } else {
          out.append("  ").append(quote(b.platform())).append(": ").append(quote(b.path()))
              .append('\n');
        }
      }
    }
    scalar(out, "path", c.path());
    list(out, "args", c.args());
    map(out, "env", c.env());
    list(out, "ports", c.ports());
    scalar(out, "user", c.user());
    scalar(out, "workdir", c.workdir());
    map(out, "labels", c.labels());
    map(out, "annotations", c.annotations());
    scalar(out, "format", c.format());
    scalar(out, "source", c.source());
    scalar(out, "revision", c.revision());
    if (c.maxSize() != null) {
      out.append("gates:\n  maxSize: ").append(ByteSize.format(c.maxSize())).append('\n');
    }
    list(out, "ignoreWarnings", c.ignoreWarnings());
    if (c.reportJson() != null || c.reportMarkdown() != null || c.digestFile() != null) {
      out.append("reports:\n");
      indented(out, "json", c.reportJson());
      indented(out, "markdown", c.reportMarkdown());
      indented(out, "digestFile", c.digestFile());
    }
    if (c.sbom() || c.sbomOutput() != null) {
      out.append("sbom:\n  enabled: ").append(c.sbom()).append('\n');
      indented(out, "output", c.sbomOutput());
    }
    return out.toString();
  }

  private static void scalar(StringBuilder out, String key, String value) {
    if (value != null) {
      out.append(key).append(": ").append(quote(value)).append('\n');
    }
  }

  private static void indented(StringBuilder out, String key, String value) {
    if (value != null) {
      out.append("  ").append(key).append(": ").append(quote(value)).append('\n');
    }
  }

  private static void list(StringBuilder out, String key, List<String> values) {
    if (!values.isEmpty()) {
      out.append(key).append(":\n");
      for (String v : values) {
        out.append("  - ").append(key.equals("ports") && v.matches("\\d+") ? v : quote(v))
            .append('\n');
      }
    }
  }

  private static void map(StringBuilder out, String key, Map<String, String> values) {
    if (!values.isEmpty()) {
      out.append(key).append(":\n");
      for (Map.Entry<String, String> e : values.entrySet()) {
        out.append("  ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()))
            .append('\n');
      }
    }
  }

  /** Plain when YAML reads it back as the same string, else double-quoted with escapes. */
  static String quote(String value) {
    if (PLAIN.matcher(value).matches() && !NUMBER_LIKE.matcher(value).matches()
        && !RESERVED.contains(value.toLowerCase(java.util.Locale.ROOT))
        && !value.contains("${")) {
      return value;
    }
    StringBuilder q = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        default -> {
          if (ch < 0x20) {
            q.append(String.format("\\x%02x", (int) ch));
          } else {
            q.append(ch);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
