package dev.slim.render;

import java.util.List;
import java.util.Objects;

/**
 * One platform's image in a build: a multi-arch build has one per binary.
 *
 * @param compressedSize config plus compressed layers of this platform's image
 */
public record PlatformImage(
    String platform, String digest, long compressedSize, List<LayerRow> layers, LayerRow config) {

  public PlatformImage {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
  }
}
