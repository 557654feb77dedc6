package dev.slim.image;

import dev.slim.oci.Descriptor;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A layer blob on disk.
 *
 * @param blob the compressed layer as pushed and pulled
 * @param diffId sha256 of the uncompressed tar, as listed in the config's rootfs
 * @param uncompressedSize bytes of the uncompressed tar
 * @param description what the layer holds, for people
 * @param uncompressedSize bytes of the uncompressed tar; -1 when unknown (a base image's layer)
 * @param file where the compressed bytes are; null for a base image's layer not downloaded
 * @param fromBase whether the layer belongs to the base rather than to the binary
 * @param source {@code registry/repository} a base image's layer is copied or mounted from; null
 *     for a layer slim built
 */
public record BuiltLayer(Descriptor blob, String diffId, long uncompressedSize,
    String description, Path file, boolean fromBase, String source) {

  public BuiltLayer(
      Descriptor blob, String diffId, long uncompressedSize, String description, Path file) {
    this(blob, diffId, uncompressedSize, description, file, false, null);
  }

  public BuiltLayer {
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(description, "description");
    if (file == null && source == null) {
      throw new IllegalArgumentException("a layer needs its file or the repository it is in");
    }
  }

  /** The same layer, its bytes now in {@code downloaded}. */
  public BuiltLayer withFile(Path downloaded) {
    return new BuiltLayer(blob, diffId, uncompressedSize, description, downloaded, fromBase,
        source);
  }
}
