package dev.slim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of an image config (OCI or Docker) a derived image needs: the layers' diff_ids, the
 * environment, and what made each non-empty layer.
 *
 * @param os the config's {@code os}, or null
 * @param architecture the config's {@code architecture}, or null
 * @param createdBy one entry per diff_id: the history's {@code created_by} of that layer, or an
 *     empty string when the history does not say
 */
public record ImageConfig(String os, String architecture, List<String> diffIds, List<String> env,
    List<String> createdBy) {

  public ImageConfig {
    diffIds = List.copyOf(diffIds);
    env = List.copyOf(env);
    createdBy = List.copyOf(createdBy);
    if (createdBy.size() != diffIds.size()) {
      throw new IllegalArgumentException("one history entry per layer");
    }
  }

  /** Reads a config blob; empty when it is not an image config with {@code rootfs.diff_ids}. */
  public static Optional<ImageConfig> parse(byte[] bytes) {
    JsonNode json = Json.read(bytes).filter(JsonNode::isObject).orElse(null);
    JsonNode ids = json == null ? null : json.path("rootfs").get("diff_ids");
    if (ids == null || !ids.isArray()) {
      return Optional.empty();
    }
    List<String> diffIds = new ArrayList<>();
    for (JsonNode id : ids) {
      if (!id.isTextual()) {
        return Optional.empty();
      }
      diffIds.add(id.asText());
    }
    List<String> env = new ArrayList<>();
    JsonNode envNode = json.path("config").get("Env");
    if (envNode != null && envNode.isArray()) {
      envNode.forEach(e -> env.add(e.asText()));
    }
    List<String> createdBy = new ArrayList<>();
    JsonNode history = json.get("history");
    if (history != null && history.isArray()) {
      for (JsonNode h : history) {
        if (!h.path("empty_layer").asBoolean(false)) {
          createdBy.add(h.path("created_by").asText(""));
        }
      }
    }
    while (createdBy.size() < diffIds.size()) {
      createdBy.add("");
    }
    return Optional.of(new ImageConfig(Json.text(json, "os"), Json.text(json, "architecture"),
        diffIds, env,
        createdBy.subList(0, diffIds.size())));
  }
}
