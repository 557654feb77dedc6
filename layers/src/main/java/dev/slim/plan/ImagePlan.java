package dev.slim.plan;

import dev.slim.oci.Platform;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything needed to write one image's bytes, decided before any byte is written. Layers are
 * ordered rarely-changing first.
 *
 * @param created the image's creation time; also the time of every tar entry
 * @param annotations OCI manifest annotations (ignored for the Docker format, which has none)
 * @param baseLayers layers reused from a base image in a registry; they come before {@code layers}
 * @param compressionLevel the gzip level {@code layers} are compressed at (see
 *     {@link PlanRequest#compressionLevel}); {@code baseLayers} stay as the base has them
 */
public record ImagePlan(
    Platform platform,
    List<LayerPlan> layers,
    ContainerConfig config,
    Instant created,
    SortedMap<String, String> annotations,
    ImageFormat format,
    List<BaseLayer> baseLayers,
    int compressionLevel) {

  public ImagePlan(Platform platform, List<LayerPlan> layers, ContainerConfig config,
      Instant created, SortedMap<String, String> annotations, ImageFormat format) {
    this(platform, layers, config, created, annotations, format, List.of());
  }

  /** A plan at slim's default gzip level. */
  public ImagePlan(Platform platform, List<LayerPlan> layers, ContainerConfig config,
      Instant created, SortedMap<String, String> annotations, ImageFormat format,
      List<BaseLayer> baseLayers) {
    this(platform, layers, config, created, annotations, format, baseLayers,
        PlanRequest.DEFAULT_COMPRESSION_LEVEL);
  }

  public ImagePlan {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(format, "format");
    layers = List.copyOf(layers);
    baseLayers = List.copyOf(baseLayers);
    annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("an image needs at least one layer");
    }
    PlanRequest.checkedLevel(compressionLevel);
  }
}
