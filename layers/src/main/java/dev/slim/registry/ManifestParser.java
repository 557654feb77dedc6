package dev.slim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slim.oci.Descriptor;
import dev.slim.oci.MediaTypes;
import java.util.ArrayList;
import java.util.List;

/** Reads the descriptors out of a manifest's or index's JSON. */
final class ManifestParser {

  private ManifestParser() {}

  /**
   * @param contentType the response's Content-Type; when it is missing or generic, the JSON's
   *     {@code mediaType} decides
   * @param name {@code repository:tag} or {@code repository@digest}, for messages
   */
  static Manifest parse(byte[] raw, String digest, String contentType, String name,
      Failures failures) throws RegistryException {
    JsonNode json = Json.read(raw).filter(JsonNode::isObject).orElseThrow(() ->
        failures.protocol("manifest " + name + " is not a JSON object"));
    String mediaType = contentType;
    int semicolon = mediaType.indexOf(';');
    if (semicolon >= 0) {
      mediaType = mediaType.substring(0, semicolon);
    }
    mediaType = mediaType.trim();
    String declared = Json.text(json, "mediaType");
    if (mediaType.isEmpty() || mediaType.equals("application/json")
        || mediaType.equals("text/plain") || mediaType.equals("application/octet-stream")) {
      if (declared != null) {
        mediaType = declared;
      } else if (json.has("manifests")) {
        mediaType = MediaTypes.OCI_INDEX;
      } else {
        mediaType = MediaTypes.OCI_MANIFEST;
      }
    }
    try {
      Descriptor config = null;
      List<Descriptor> layers = new ArrayList<>();
      List<Manifest.Child> children = new ArrayList<>();
      if (json.has("config")) {
        config = blob(json.get("config"));
      }
      for (JsonNode layer : json.path("layers")) {
        layers.add(blob(layer));
      }
      for (JsonNode entry : json.path("manifests")) {
        JsonNode platform = entry.path("platform");
        children.add(new Manifest.Child(text(entry, "mediaType"), text(entry, "digest"),
            size(entry), Json.text(platform, "os"), Json.text(platform, "architecture"),
            Json.text(platform, "variant")));
      }
      return new Manifest(mediaType, digest, raw, config, layers, children);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw failures.protocol("manifest " + name + " has a malformed descriptor: "
          + e.getMessage());
    }
  }

  private static Descriptor blob(JsonNode node) {
    return new Descriptor(text(node, "mediaType"), text(node, "digest"), size(node));
  }

  private static String text(JsonNode node, String field) {
    String value = Json.text(node, field);
    if (value == null) {
      throw new IllegalArgumentException("no \"" + field + "\"");
    }
    return value;
  }

  private static long size(JsonNode node) {
    JsonNode size = node.get("size");
    if (size == null || !size.canConvertToLong()) {
      throw new IllegalArgumentException("no numeric \"size\"");
    }
    return size.asLong();
  }
}
