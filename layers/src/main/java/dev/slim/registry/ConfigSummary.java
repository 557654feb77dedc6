package dev.slim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a registry report needs from an image config blob (OCI or Docker): when the image was made
 * and for which platform.
 *
 * @param created the config's {@code created} time, or {@code null} when absent or malformed
 * @param os {@code null} when absent
 * @param architecture {@code null} when absent
 * @param variant {@code null} when absent
 * @param entrypoint the config's {@code Entrypoint}, empty when absent
 */
public record ConfigSummary(Instant created, String os, String architecture, String variant,
    List<String> entrypoint) {

  public ConfigSummary {
    entrypoint = List.copyOf(entrypoint);
  }

  /** Reads a config blob; a blob that is not a JSON object gives an all-empty summary. */
  public static ConfigSummary parse(byte[] bytes) {
    JsonNode json = Json.read(bytes).filter(JsonNode::isObject).orElse(null);
    if (json == null) {
      return new ConfigSummary(null, null, null, null, List.of());
    }
    Instant created = null;
    String text = Json.text(json, "created");
    if (text != null) {
      try {
        created = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        created = null;
      }
    }
    List<String> entrypoint = new ArrayList<>();
    JsonNode entry = json.path("config").get("Entrypoint");
    if (entry != null && entry.isArray()) {
      entry.forEach(e -> entrypoint.add(e.asText()));
    }
    return new ConfigSummary(created, Json.text(json, "os"), Json.text(json, "architecture"),
        Json.text(json, "variant"), entrypoint);
  }

  /** {@code os/architecture[/variant]}, or {@code null} when the config does not say. */
  public String platform() {
    if (os == null || architecture == null) {
      return null;
    }
    return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
  }
}
