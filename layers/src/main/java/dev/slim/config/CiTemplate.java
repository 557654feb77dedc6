package dev.slim.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a template of {@code templates/ci/}: a line {@code #@ NAME} opens a block that is kept
 * only when NAME is one of the chosen ones, {@code #@ end} closes it (blocks do not nest), and
 * every {@code @@KEY@@} is replaced by its value. The marker lines themselves never reach the
 * output.
 */
final class CiTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Z_]+)@@");

  private CiTemplate() {}

  static String render(String template, Set<String> blocks, Map<String, String> values) {
    StringBuilder out = new StringBuilder(template.length());
    boolean keep = true;
    boolean inBlock = false;
    for (String line : template.split("\n", -1)) {
      String marker = line.strip();
      if (marker.startsWith("#@ ")) {
        String name = marker.substring(3).strip();
        if (name.equals("end")) {
          if (!inBlock) {
            throw new IllegalStateException("CI template: '#@ end' without a block");
          }
          inBlock = false;
          keep = true;
        } else {
          if (inBlock) {
            throw new IllegalStateException("CI template: block '" + name + "' inside a block");
          }
          inBlock = true;
          keep = blocks.contains(name);
        }
        continue;
      }
      if (keep) {
        out.append(line).append('\n');
      }
    }
    if (inBlock) {
      throw new IllegalStateException("CI template: a block without '#@ end'");
    }
    // one pass, so that a value (a build command) is never read for placeholders itself
    return PLACEHOLDER.matcher(out.substring(0, out.length() - 1)).replaceAll(m -> {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("CI template: no value for " + m.group());
      }
      return Matcher.quoteReplacement(value);
    });
  }

  /** A resource next to this class, as text. */
  static String resource(String name) {
    try (InputStream in = CiTemplate.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing from the jar: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
  }
}
