package dev.slim.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A layer blob on disk.
 *
 * @param blob the compressed layer as pushed and pulled
 * @param diffId sha256 of the uncompressed tar, as listed in the config's rootfs
 * @param uncompressedSize bytes of the uncompressed tar
 * @param description what the layer holds, for people
 * @param file where the compressed bytes are
 */
public record BuiltLayer(
    Descriptor blob, String diffId, long uncompressedSize, String description, Path file) {

  public BuiltLayer {
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(file, "file");
  }
}
