package dev.slim.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.testing.Gens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Laws of the canonical JSON that digests are taken of, and of platforms, for random values (any
 * UTF-16 text: quotes, controls, non-ASCII, astral, lone surrogates): the
 * canonical bytes parse (with Jackson, an independent reader) to the same tree, do not depend on
 * the order a map was filled in, and are a fixed point; a platform prints and parses back to
 * itself, and matching is reflexive and symmetric.
 */
class CanonicalFormsPropertiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void canonicalJsonReadsBackTheSameAndIgnoresInsertionOrder() {
    qt().withExamples(1000).forAll(Gens.longs(0, Long.MAX_VALUE)).checkAssert(seed -> {
      Object tree = value(new Random(seed), 0);
      byte[] bytes = JsonWriter.canonical(tree);
      try {
        Object back = JSON.readValue(bytes, Object.class);
        assertThat(normalised(back)).as("seed %d", seed).isEqualTo(normalised(tree));
        assertThat(JsonWriter.canonical(back)).as("seed %d", seed).isEqualTo(bytes);
      } catch (java.io.IOException e) {
        throw new AssertionError("seed " + seed + ": not JSON: " + new String(bytes,
            java.nio.charset.StandardCharsets.UTF_8), e);
      }
      assertThat(JsonWriter.canonical(reversed(tree))).as("seed %d", seed).isEqualTo(bytes);
      String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      assertThat(text).doesNotContain("\n").doesNotContain(": ").doesNotContain(", ");
    });
  }

  @Test
  void aPlatformPrintsAndParsesBackAndMatchesSymmetrically() {
    String[] oses = {"linux", "windows", "freebsd"};
    String[] arches = {"amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64"};
    String[] variants = {null, "v5", "v6", "v7", "v8"};
    qt().withExamples(500).forAll(Gens.longs(0, Long.MAX_VALUE)).checkAssert(seed -> {
      Random r = new Random(seed);
      Platform a = new Platform(oses[r.nextInt(3)], arches[r.nextInt(arches.length)],
          variants[r.nextInt(variants.length)]);
      Platform b = new Platform(r.nextBoolean() ? a.os() : oses[r.nextInt(3)],
          r.nextBoolean() ? a.architecture() : arches[r.nextInt(arches.length)],
          variants[r.nextInt(variants.length)]);
      assertThat(Platform.parse(a.toString())).isEqualTo(a);
      assertThat(a.matches(a)).isTrue();
      assertThat(a.matches(b)).as("%s ~ %s", a, b).isEqualTo(b.matches(a));
      assertThat(a.matches(b)).isEqualTo(a.os().equals(b.os())
          && a.architecture().equals(b.architecture())
          && (a.variant() == null || b.variant() == null || a.variant().equals(b.variant())));
    });
  }

  /** Maps, lists, strings (any UTF-16 text, quotes, controls), longs, ints, booleans, nulls. */
  private static Object value(Random r, int depth) {
    int kind = r.nextInt(depth > 3 ? 5 : 7);
    return switch (kind) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> r.nextBoolean() ? (Object) r.nextLong() : (Object) r.nextInt();
      case 3, 4 -> text(r, true);
      case 5 -> {
        List<Object> list = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          list.add(value(r, depth + 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> map = new HashMap<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          map.put(text(r, false), value(r, depth + 1));
        }
        yield map;
      }
    };
  }

  /**
   * Keys get whole code points only: Jackson, the reader here, refuses an escaped lone surrogate
   * in a field name (RFC 8259 leaves such names to the reader), though it reads one in a value.
   */
  private static String text(Random r, boolean loneSurrogates) {
    String special = "\"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028é€😀<>&'";
    StringBuilder out = new StringBuilder();
    int length = r.nextInt(10);
    for (int i = 0; i < length; i++) {
      int pick = r.nextInt(4);
      if (pick == 0) {
        int[] points = special.codePoints().toArray();
        out.appendCodePoint(points[r.nextInt(points.length)]);
      } else if (loneSurrogates && pick == 1 && r.nextInt(4) == 0) {
        // half of a surrogate pair, alone or next to another half: no UTF-8 form, so escaped
        out.append((char) (0xd800 + r.nextInt(0x800)));
      } else {
        out.append((char) ('a' + r.nextInt(26)));
      }
    }
    return out.toString();
  }

  private static Object reversed(Object tree) {
    if (tree instanceof Map<?, ?> map) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      java.util.Collections.reverse(entries);
      Map<Object, Object> out = new java.util.LinkedHashMap<>();
      entries.forEach(e -> out.put(e.getKey(), reversed(e.getValue())));
      return out;
    }
    if (tree instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(reversed(v)));
      return out;
    }
    return tree;
  }

  /** Jackson reads small numbers as Integer: compare numbers by value. */
  private static Object normalised(Object tree) {
    if (tree instanceof Map<?, ?> map) {
      Map<Object, Object> out = new java.util.TreeMap<>();
      map.forEach((k, v) -> out.put(k, normalised(v)));
      return out;
    }
    if (tree instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(normalised(v)));
      return out;
    }
    return tree instanceof Number n ? (Object) n.longValue() : tree;
  }
}
