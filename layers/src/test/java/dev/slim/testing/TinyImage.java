package dev.slim.testing;

import dev.slim.oci.MediaTypes;
import dev.slim.registry.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Pushes a one-layer OCI image whose config has a given creation time: what retention and
 * cleanup tests need, without building a binary. The layer's bytes are the given text.
 */
public final class TinyImage {

  /**
   * @param declaredLayerSize the layer size the manifest declares, or null for the real one (a
   *     hostile registry test declares an absurd one)
   * @return the manifest digest
   */
  public static String push(RegistryClient client, String repo, String tag, String created,
      String layerText, Long declaredLayerSize) throws Exception {
    byte[] layer = layerText.getBytes(StandardCharsets.UTF_8);
    String layerDigest = sha256(layer);
    client.pushBlob(repo, layerDigest, layer.length, RegistryClient.BlobSource.of(layer), null);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"" + created
        + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layerDigest + "\"]}}")
        .getBytes(StandardCharsets.UTF_8);
    String configDigest = sha256(config);
    client.pushBlob(repo, configDigest, config.length, RegistryClient.BlobSource.of(config),
        null);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
        + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest
        + "\",\"size\":" + (declaredLayerSize == null ? layer.length : declaredLayerSize) + "}]}")
        .getBytes(StandardCharsets.UTF_8);
    return client.putManifest(repo, tag, manifest, MediaTypes.OCI_MANIFEST);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private TinyImage() {}
}
