package dev.slim.image;

import dev.slim.files.WorkFolder;
import dev.slim.oci.Descriptor;
import dev.slim.oci.Digests;
import dev.slim.oci.JsonWriter;
import dev.slim.oci.MediaTypes;
import dev.slim.plan.BaseLayer;
import dev.slim.plan.ContainerConfig;
import dev.slim.plan.ImageFormat;
import dev.slim.plan.ImagePlan;
import dev.slim.plan.LayerPlan;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Writes an image plan's blobs into a folder: each layer as a reproducible gzip'd tar (at the
 * plan's gzip level), then the config and the manifest. The same plan gives the same bytes, and
 * so the same digest, anywhere.
 */
public final class ImageAssembler {

  private ImageAssembler() {}

  /**
   * @param blobs folder for the layer blobs ({@code <hex>} files); created if missing
   */
  public static BuiltImage assemble(ImagePlan plan, Path blobs, Progress progress)
      throws IOException {
    return assembleAll(List.of(plan), blobs, progress).get(0);
  }

  /**
   * Writes several images (one per platform) into one folder. A layer planned the same way for
   * several images (slim's static base layers) is compressed once and shared.
   */
  public static List<BuiltImage> assembleAll(List<ImagePlan> plans, Path blobs, Progress progress)
      throws IOException {
    return assembleAll(plans, blobs, progress, null, LayerSink.NONE);
  }

  /**
   * {@link #assembleAll(List, Path, Progress)}, the base layers shared with the other builds of a
   * run through {@code shared} (null: nothing shared beyond these plans), and each layer of this
   * build's own also to the stream {@code sink} opens for it, while its gzip bytes are made.
   */
  public static List<BuiltImage> assembleAll(List<ImagePlan> plans, Path blobs, Progress progress,
      LayerCache shared, LayerSink sink) throws IOException {
    Files.createDirectories(blobs);
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = ParallelGzip.newPool(threads);
    try {
      // one image shares nothing; only then skip the deep record hashing (its first use spins
      // method-handle classes, ~15 ms in a fresh JVM)
      Map<LayerKey, BuiltLayer> built = plans.size() > 1 ? new HashMap<>() : null;
      List<BuiltImage> images = new ArrayList<>();
      for (ImagePlan plan : plans) {
        ParallelGzip gzip = new ParallelGzip(pool, threads, plan.compressionLevel());
        images.add(assemble(plan, blobs, progress, gzip, built, shared, sink));
      }
      return images;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * What decides a layer's bytes: a layer compressed at another level is another blob, never
   * reused for this one.
   */
  private record LayerKey(LayerPlan layer, java.time.Instant created, ImageFormat format,
      int compressionLevel) {

    LayerKey(LayerPlan layer, ImagePlan plan) {
      this(layer, layerTime(layer, plan), plan.format(), plan.compressionLevel());
    }
  }

  private static BuiltImage assemble(ImagePlan plan, Path blobs, Progress progress,
      ParallelGzip gzip, Map<LayerKey, BuiltLayer> built, LayerCache shared, LayerSink sink)
      throws IOException {
    List<BuiltLayer> layers = new ArrayList<>();
    for (BaseLayer base : plan.baseLayers()) {
      layers.add(new BuiltLayer.RemoteBase(
          new Descriptor(layerType(base.mediaType(), plan.format()), base.digest(), base.size()),
          base.diffId(), base.createdBy(), base.source()));
    }
    for (LayerPlan layer : plan.layers()) {
      if (shared != null && layer.fromBase()) {
        layers.add(shared.get(new LayerKey(layer, plan),
            dir -> writeLayer(gzip, layer, plan, dir, progress, LayerSink.NONE)));
        continue;
      }
      if (built == null) {
        layers.add(writeLayer(gzip, layer, plan, blobs, progress, sink));
        continue;
      }
      LayerKey key = new LayerKey(layer, plan);
      BuiltLayer done = built.get(key);
      if (done == null) {
        done = writeLayer(gzip, layer, plan, blobs, progress, sink);
        built.put(key, done);
      }
      layers.add(done);
    }
    byte[] config = JsonWriter.canonical(config(plan, layers));
    Descriptor configDescriptor =
        new Descriptor(configType(plan.format()), Digests.sha256(config), config.length);
    byte[] manifest = JsonWriter.canonical(manifest(plan, configDescriptor, layers));
    Descriptor manifestDescriptor =
        new Descriptor(manifestType(plan.format()), Digests.sha256(manifest), manifest.length);
    return new BuiltImage(
        plan.platform(), layers, configDescriptor, config, manifestDescriptor, manifest);
  }

  private static BuiltLayer writeLayer(
      ParallelGzip gzip, LayerPlan layer, ImagePlan plan, Path blobs, Progress progress,
      LayerSink sink) throws IOException {
    long total = 0;
    for (var entry : layer.entries()) {
      total += entry.source() == null ? 512 : Files.size(entry.source()) + 1024;
    }
    Path partial = WorkFolder.newFile(blobs, "layer-", ".partial");
    LayerSink.Stream tee = sink.open(total);
    ParallelGzip.Result result;
    try (InputStream tar = TarStream.open(layer, layerTime(layer, plan));
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
      result = gzip.compress(tar, out, tee, progress, "compressing " + layer.description(),
          total);
    } catch (IOException | RuntimeException e) {
      if (tee != null) {
        tee.abort();
      }
      Files.deleteIfExists(partial);
      throw e;
    }
    Descriptor blob =
        new Descriptor(layerType(plan.format()), result.digest(), result.size());
    if (tee != null) {
      tee.finish(blob);
    }
    Path file = blobs.resolve(blob.hex());
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    return new BuiltLayer.Built(blob, result.diffId(), result.uncompressedSize(),
        layer.description(), file, layer.fromBase());
  }

  /**
   * The time of every tar entry of a layer: the image's creation time for the binary's layer;
   * the epoch for slim's static base, whose bytes are the same in every image (whenever it was
   * built) so that registries store it once.
   */
  static java.time.Instant layerTime(LayerPlan layer, ImagePlan plan) {
    return layer.fromBase() ? java.time.Instant.EPOCH : plan.created();
  }

  /**
   * A base layer's media type in the image's format: gzip'd tars are the same bytes under both
   * names; anything else (zstd, uncompressed) keeps its own type.
   */
  static String layerType(String mediaType, ImageFormat format) {
    return MediaTypes.isGzipLayer(mediaType) ? layerType(format) : mediaType;
  }

  /**
   * An index (OCI image index, or Docker manifest list for the Docker format) of several images,
   * one per platform, in the order given.
   */
  public static BuiltIndex index(List<BuiltImage> images, ImageFormat format) {
    List<Object> manifests = new ArrayList<>();
    for (BuiltImage image : images) {
      Map<String, Object> d = new LinkedHashMap<>(descriptor(image.manifest()));
      d.put("platform", ImageArchive.platform(image));
      manifests.add(d);
    }
    String type = format == ImageFormat.OCI ? MediaTypes.OCI_INDEX : MediaTypes.DOCKER_LIST;
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", type);
    index.put("manifests", manifests);
    byte[] bytes = JsonWriter.canonical(index);
    Descriptor descriptor = new Descriptor(type, Digests.sha256(bytes), bytes.length);
    return new BuiltIndex(descriptor, bytes, images);
  }

  private static Map<String, Object> config(ImagePlan plan, List<BuiltLayer> layers) {
    ContainerConfig c = plan.config();
    Map<String, Object> runtime = new LinkedHashMap<>();
    runtime.put("Entrypoint", c.entrypoint());
    if (!c.cmd().isEmpty()) {
      runtime.put("Cmd", c.cmd());
    }
    if (!c.env().isEmpty()) {
      runtime.put("Env", c.env());
    }
    if (!c.labels().isEmpty()) {
      runtime.put("Labels", c.labels());
    }
    if (!c.exposedPorts().isEmpty()) {
      Map<String, Object> ports = new LinkedHashMap<>();
      c.exposedPorts().forEach(p -> ports.put(p, Map.of()));
      runtime.put("ExposedPorts", ports);
    }
    runtime.put("User", c.user());
    if (c.workdir() != null) {
      runtime.put("WorkingDir", c.workdir());
    }
    String created = DateTimeFormatter.ISO_INSTANT.format(plan.created());
    List<Object> history = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (BuiltLayer layer : layers) {
      history.add(Map.of("created", created, "created_by",
          (layer instanceof BuiltLayer.Built ? "slim: " : "base: ") + layer.description()));
      diffIds.add(layer.diffId());
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architecture", plan.platform().architecture());
    config.put("os", plan.platform().os());
    if (plan.platform().variant() != null) {
      config.put("variant", plan.platform().variant());
    }
    config.put("created", created);
    config.put("config", runtime);
    config.put("history", history);
    config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
    return config;
  }

  private static Map<String, Object> manifest(
      ImagePlan plan, Descriptor config, List<BuiltLayer> layers) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", manifestType(plan.format()));
    manifest.put("config", descriptor(config));
    manifest.put("layers", layers.stream().map(l -> descriptor(l.blob())).toList());
    if (plan.format() == ImageFormat.OCI && !plan.annotations().isEmpty()) {
      manifest.put("annotations", plan.annotations());
    }
    return manifest;
  }

  static Map<String, Object> descriptor(Descriptor d) {
    return Map.of("mediaType", d.mediaType(), "digest", d.digest(), "size", d.size());
  }

  private static String manifestType(ImageFormat format) {
    return format == ImageFormat.OCI ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
  }

  private static String configType(ImageFormat format) {
    return format == ImageFormat.OCI ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG;
  }

  private static String layerType(ImageFormat format) {
    return format == ImageFormat.OCI ? MediaTypes.OCI_LAYER : MediaTypes.DOCKER_LAYER;
  }
}
