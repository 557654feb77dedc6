package dev.slim.image;

import dev.slim.oci.Descriptor;
import java.util.List;
import java.util.Objects;

/**
 * Several images, one per platform, under one index (OCI image index or Docker manifest list).
 *
 * @param bytes the index's exact bytes; their sha256 is the digest pushed at the tag
 */
public record BuiltIndex(Descriptor descriptor, byte[] bytes, List<BuiltImage> images) {

  public BuiltIndex {
    Objects.requireNonNull(descriptor, "descriptor");
    bytes = bytes.clone();
    images = List.copyOf(images);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public String digest() {
    return descriptor.digest();
  }

  /** The same index over other image records (same manifests, e.g. base layers downloaded). */
  public BuiltIndex withImages(List<BuiltImage> newImages) {
    return new BuiltIndex(descriptor, bytes, newImages);
  }
}
