package dev.slim.render;

import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltIndex;
import dev.slim.image.BuiltLayer;
import dev.slim.push.Baseline;
import dev.slim.push.Published;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a {@link BuildReport} from what the steps of a build returned. */
public final class BuildReports {

  private BuildReports() {}

  /**
   * The report of a build: one row per layer and config of every platform's image, each with
   * what the publisher did to it; sizes count a blob shared by several platforms once.
   *
   * @param index the index listing {@code images}, or null for one image
   * @param published where the images went (or would have gone)
   * @param baseline what the image is compared with, if anything
   * @param note the report's note on the baseline
   * @param requests HTTP requests made to registries so far
   * @param durationMillis how long the build took so far
   */
  public static BuildReport of(List<BuiltImage> images, BuiltIndex index, Published published,
      Optional<Baseline> baseline, String note, int requests, long durationMillis) {
    List<PlatformImage> platforms = new ArrayList<>();
    Map<String, Long> compressed = new LinkedHashMap<>();
    Map<String, Long> uncompressed = new LinkedHashMap<>();
    for (BuiltImage image : images) {
      List<LayerRow> rows = new ArrayList<>();
      for (BuiltLayer layer : image.layers()) {
        String digest = layer.blob().digest();
        rows.add(new LayerRow(digest, layer.blob().size(),
            layer.uncompressed().isPresent() ? layer.uncompressed().getAsLong() : null,
            layer.description(), published.status(digest), layer.fromBase() ? "base" : "slim"));
        compressed.put(digest, layer.blob().size());
        uncompressed.put(digest, layer.uncompressed().orElse(0));
      }
      String configDigest = image.config().digest();
      LayerRow config = new LayerRow(configDigest, image.config().size(), null,
          "image config", published.status(configDigest), "slim");
      compressed.put(configDigest, image.config().size());
      uncompressed.put(configDigest, image.config().size());
      platforms.add(new PlatformImage(image.platform().toString(), image.digest(),
          image.compressedSize(), rows, config));
    }
    PlatformImage first = platforms.get(0);
    return new BuildReport(published.reference(),
        index != null ? index.digest() : first.digest(),
        String.join(",", platforms.stream().map(PlatformImage::platform).toList()),
        index != null ? index.descriptor().mediaType() : images.get(0).manifest().mediaType(),
        published.archive(), sum(compressed), sum(uncompressed),
        baseline.map(Baseline::reference).orElse(null),
        baseline.map(Baseline::compressedSize).orElse(null), note, first.layers(), first.config(),
        requests, durationMillis, platforms).withReferences(published.references());
  }

  private static long sum(Map<String, Long> sizes) {
    return sizes.values().stream().mapToLong(Long::longValue).sum();
  }
}
