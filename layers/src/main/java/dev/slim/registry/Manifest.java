package dev.slim.registry;

import dev.slim.oci.Descriptor;
import dev.slim.oci.MediaTypes;
import dev.slim.oci.Platform;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A manifest or index as the registry sent it, with the parts a caller usually needs.
 *
 * @param mediaType what the registry said it is (OCI or Docker, manifest or index)
 * @param digest the sha256 of {@link #raw()}, checked against the registry's
 * @param raw the exact bytes; a copy is returned
 * @param config the config blob of an image manifest, or {@code null} for an index
 * @param layers the layers of an image manifest, in order; empty for an index
 * @param children the manifests of an index; empty for an image manifest
 */
public record Manifest(String mediaType, String digest, byte[] raw, Descriptor config,
    List<Descriptor> layers, List<Child> children) {

  public Manifest {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    raw = Objects.requireNonNull(raw, "raw").clone();
    layers = List.copyOf(layers);
    children = List.copyOf(children);
  }

  /** Whether this is an index (OCI image index or Docker manifest list). */
  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  /** The sum of the config's and the layers' sizes (compressed bytes); 0 for an index. */
  public long blobsSize() {
    long total = config == null ? 0 : config.size();
    for (Descriptor layer : layers) {
      total += layer.size();
    }
    return total;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m && mediaType.equals(m.mediaType) && digest.equals(m.digest)
        && Arrays.equals(raw, m.raw);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "Manifest[" + mediaType + ", " + digest + ", " + raw.length + " bytes]";
  }

  /**
   * A manifest an index points to, with its platform.
   *
   * @param os {@code null} when the entry has no platform
   * @param architecture {@code null} when the entry has no platform
   * @param variant {@code null} when absent
   */
  public record Child(String mediaType, String digest, long size, String os,
      String architecture, String variant) {
    public Child {
      Objects.requireNonNull(mediaType, "mediaType");
      Objects.requireNonNull(digest, "digest");
      if (size < 0) {
        throw new IllegalArgumentException("negative size " + size + " for " + digest);
      }
    }

    /** The entry's platform, or {@code null} when it has none (no OS or no architecture). */
    public Platform platform() {
      return os == null || architecture == null ? null : new Platform(os, architecture, variant);
    }
  }
}
