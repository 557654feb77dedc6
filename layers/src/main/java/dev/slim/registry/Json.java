package dev.slim.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** Reads JSON documents; the mapper is made on first use so that loading this package is cheap. */
final class Json {

  private Json() {}

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /** The parsed document, or empty when the bytes are not JSON. */
  static Optional<JsonNode> read(byte[] bytes) {
    try {
      return Optional.ofNullable(Holder.MAPPER.readTree(bytes));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The parsed document; the exception says where the syntax is wrong without quoting the text,
   * which may hold secrets.
   */
  static JsonNode readStrict(byte[] bytes) throws JsonSyntaxException {
    try {
      JsonNode node = Holder.MAPPER.readTree(bytes);
      if (node == null) {
        throw new JsonSyntaxException("it is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      var location = e.getLocation();
      throw new JsonSyntaxException(location == null ? "it is not valid JSON"
          : "it is not valid JSON (line " + location.getLineNr() + ", column "
              + location.getColumnNr() + ")");
    } catch (IOException e) {
      throw new JsonSyntaxException("it is not valid JSON");
    }
  }

  /** A text field, or {@code null} when absent or not text. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** Says why a document is not JSON, in words safe to show. */
  static final class JsonSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    JsonSyntaxException(String message) {
      super(message);
    }
  }
}
