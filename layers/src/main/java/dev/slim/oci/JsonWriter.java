package dev.slim.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * slim's two ways of writing JSON, both from plain trees ({@link Map}, {@link List}, strings,
 * numbers, booleans, {@code null}):
 *
 * <ul>
 *   <li>{@link #canonical}: sorted keys and no white space, written here rather than by a JSON
 *       library, so an image's config and manifest bytes depend only on their content: not on
 *       map order, and not on a library's version. Images, indexes and archives use it.
 *   <li>{@link #pretty}: keys in the map's order, indented for people, one newline at the end.
 *       Reports and SBOMs use it.
 * </ul>
 */
public final class JsonWriter {

  private JsonWriter() {}

  private static final class Pretty {
    static final ObjectWriter WRITER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writer();
  }

  /**
   * The tree indented as Jackson's default pretty printer does (two spaces, {@code "key" : value},
   * short arrays on one line), keys in the map's own order, and a final newline.
   *
   * @throws IllegalStateException when the tree holds something Jackson cannot write (a bug)
   */
  public static String pretty(Object tree) {
    try {
      return Pretty.WRITER.writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Writes {@link #pretty}'s UTF-8 bytes to {@code out} as they are made (the tree's lists may
   * make their elements on demand), without closing it.
   */
  public static void pretty(Object tree, OutputStream out) throws IOException {
    OutputStream kept = new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
    Pretty.WRITER.writeValue(kept, tree);
    out.write('\n');
    out.flush();
  }

  /** The tree with sorted keys and no white space, as UTF-8 bytes. */
  public static byte[] canonical(Object value) {
    StringBuilder out = new StringBuilder(512);
    write(value, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string((String) e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || lone(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * A surrogate that is not half of a pair has no UTF-8 form ({@code getBytes} would write
   * {@code ?} for it): it is written as a JSON escape (backslash, u, four hex digits), which
   * keeps it.
   */
  private static boolean lone(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
