package dev.slim.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two JSON forms: canonical for image bytes (digests depend on them), indented for reports
 * and SBOMs (which were written by a fresh indenting ObjectMapper each, before this writer).
 */
class JsonWriterTest {

  private static Map<String, Object> tree() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("zeta", 1L);
    inner.put("alpha", "a\"b\\c\nd\te\u0001 é ✓");
    inner.put("empty", List.of());
    inner.put("none", null);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("schemaVersion", 2);
    tree.put("b", true);
    tree.put("list", List.of("x", 3, Map.of("k", "v")));
    tree.put("inner", inner);
    tree.put("nothing", new LinkedHashMap<>());
    return tree;
  }

  @Test
  void canonicalSortsKeysAndHasNoWhiteSpace() {
    assertThat(new String(JsonWriter.canonical(tree()), StandardCharsets.UTF_8)).isEqualTo(
        "{\"b\":true,\"inner\":{\"alpha\":\"a\\\"b\\\\c\\nd\\te\\u0001 é ✓\",\"empty\":[],"
            + "\"none\":null,\"zeta\":1},\"list\":[\"x\",3,{\"k\":\"v\"}],\"nothing\":{},"
            + "\"schemaVersion\":2}");
  }

  @Test
  void canonicalBytesDoNotDependOnMapOrder() {
    Map<String, Object> reversed = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(tree().keySet());
    java.util.Collections.reverse(keys);
    for (String k : keys) {
      reversed.put(k, tree().get(k));
    }
    assertThat(JsonWriter.canonical(reversed)).isEqualTo(JsonWriter.canonical(tree()));
  }

  @Test
  void canonicalEscapesALoneSurrogateInsteadOfWritingAQuestionMark() throws Exception {
    String text = "a\ud800b\udc00\ud83d\ude00\ud800";
    byte[] json = JsonWriter.canonical(Map.of("k", text));
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo("{\"k\":\"a\\ud800b\\udc00\ud83d\ude00\\ud800\"}");
    assertThat(new ObjectMapper().readValue(json, Map.class)).isEqualTo(Map.of("k", text));
  }

  @Test
  void canonicalRefusesWhatItCannotWriteExactly() {
    assertThatThrownBy(() -> JsonWriter.canonical(Map.of("d", 1.5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prettyKeepsMapOrderIndentsAndEndsWithANewline() {
    Map<String, Object> small = new LinkedHashMap<>();
    small.put("z", "last written first");
    small.put("a", List.of(1, 2));
    small.put("m", Map.of("k", true));
    small.put("e", List.of());
    assertThat(JsonWriter.pretty(small)).isEqualTo("{\n"
        + "  \"z\" : \"last written first\",\n"
        + "  \"a\" : [ 1, 2 ],\n"
        + "  \"m\" : {\n"
        + "    \"k\" : true\n"
        + "  },\n"
        + "  \"e\" : [ ]\n"
        + "}\n");
  }

  @Test
  void prettyIsByteIdenticalToTheIndentingMapperTheReportsUsedToMake() throws Exception {
    List<Object> trees = Arrays.asList(tree(), List.of(), Map.of(), "text", 42L,
        List.of(tree(), tree()));
    for (Object t : trees) {
      String before = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(t) + "\n";
      assertThat(JsonWriter.pretty(t)).as("%s", t).isEqualTo(before);
    }
  }
}
