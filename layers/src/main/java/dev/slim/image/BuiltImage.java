package dev.slim.image;

import dev.slim.oci.Descriptor;
import dev.slim.oci.Platform;
import java.util.List;
import java.util.Objects;

/**
 * An image written to disk: its layers, config and manifest, ready to push or archive.
 *
 * @param configBytes the config blob's exact bytes
 * @param manifestBytes the manifest's exact bytes; its sha256 is the image digest
 */
public record BuiltImage(
    Platform platform,
    List<BuiltLayer> layers,
    Descriptor config,
    byte[] configBytes,
    Descriptor manifest,
    byte[] manifestBytes) {

  public BuiltImage {
    Objects.requireNonNull(platform, "platform");
    layers = List.copyOf(layers);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(manifest, "manifest");
    configBytes = configBytes.clone();
    manifestBytes = manifestBytes.clone();
  }

  @Override
  public byte[] configBytes() {
    return configBytes.clone();
  }

  @Override
  public byte[] manifestBytes() {
    return manifestBytes.clone();
  }

  /** The same image with other layer records (e.g. base layers downloaded). */
  public BuiltImage withLayers(List<BuiltLayer> newLayers) {
    return new BuiltImage(platform, newLayers, config, configBytes, manifest, manifestBytes);
  }

  /** The image digest: the manifest's sha256. */
  public String digest() {
    return manifest.digest();
  }

  /** What a pull downloads: config plus compressed layers. */
  public long compressedSize() {
    return config.size() + layers.stream().mapToLong(l -> l.blob().size()).sum();
  }

  /** Config plus uncompressed layers: roughly what the image takes once unpacked. */
  public long uncompressedSize() {
    return config.size()
        + layers.stream().mapToLong(l -> l.uncompressed().orElse(0)).sum();
  }
}
