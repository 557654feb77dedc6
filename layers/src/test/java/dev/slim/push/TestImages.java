package dev.slim.push;

import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltIndex;
import dev.slim.image.BuiltLayer;
import dev.slim.image.ImageAssembler;
import dev.slim.oci.Descriptor;
import dev.slim.oci.Digests;
import dev.slim.oci.JsonWriter;
import dev.slim.oci.MediaTypes;
import dev.slim.oci.Platform;
import dev.slim.plan.ImageFormat;
import dev.slim.registry.RegistryClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small built images for the push tests: each layer's "compressed" bytes are a text (the registry
 * checks digests and sizes, not the gzip inside), the config names the layers' diff ids, the
 * manifest is OCI and canonical, so the registry stores it under the image's digest.
 */
final class TestImages {

  static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

  private TestImages() {}

  /** A layer slim built, its bytes {@code text} in a file under {@code dir}. */
  static BuiltLayer.Built built(Path dir, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Descriptor blob = new Descriptor(LAYER_TYPE, Digests.sha256(bytes), bytes.length);
    Path file = Files.write(dir.resolve(blob.hex() + ".gz"), bytes);
    return new BuiltLayer.Built(blob, Digests.sha256(bytes), bytes.length, "layer " + text, file);
  }

  /** A base image's layer whose bytes {@code text} are in {@code source}, pushed there now. */
  static BuiltLayer.RemoteBase remote(RegistryClient client, String registry, String repository,
      String text) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Descriptor blob = descriptor(text);
    client.pushBlob(repository, blob.digest(), bytes.length,
        RegistryClient.BlobSource.of(bytes), null);
    return new BuiltLayer.RemoteBase(blob, blob.digest(), "base " + text,
        registry + "/" + repository);
  }

  /** The layer descriptor of {@code text} as a layer's bytes. */
  static Descriptor descriptor(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Descriptor(LAYER_TYPE, Digests.sha256(bytes), bytes.length);
  }

  /** A linux image of {@code architecture} with these layers. */
  static BuiltImage image(String architecture, List<BuiltLayer> layers) {
    List<String> diffIds = layers.stream().map(BuiltLayer::diffId).toList();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architecture", architecture);
    config.put("os", "linux");
    config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
    byte[] configBytes = JsonWriter.canonical(config);
    Descriptor configBlob = new Descriptor(CONFIG_TYPE, Digests.sha256(configBytes),
        configBytes.length);
    List<Object> layerList = new ArrayList<>();
    for (BuiltLayer layer : layers) {
      layerList.add(Map.of("mediaType", layer.blob().mediaType(), "digest",
          layer.blob().digest(), "size", layer.blob().size()));
    }
    byte[] manifest = JsonWriter.canonical(Map.of("schemaVersion", 2,
        "mediaType", MediaTypes.OCI_MANIFEST,
        "config", Map.of("mediaType", CONFIG_TYPE, "digest", configBlob.digest(),
            "size", configBlob.size()),
        "layers", layerList));
    return new BuiltImage(Platform.linux(architecture), layers, configBlob, configBytes,
        new Descriptor(MediaTypes.OCI_MANIFEST, Digests.sha256(manifest), manifest.length),
        manifest);
  }

  /** The OCI index of these images. */
  static BuiltIndex index(List<BuiltImage> images) {
    return ImageAssembler.index(images, ImageFormat.OCI);
  }
}
