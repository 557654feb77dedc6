package dev.slim.render;

import dev.slim.plan.PlanRequest;
import java.util.List;
import java.util.Objects;

/**
 * What {@code slim build} did, in numbers: the facts behind the table, the JSON and the Markdown.
 *
 * @param reference the pushed reference with digest, or the image name written to the archive
 * @param archive the local archive path, or null when pushed
 * @param afterCompressed config plus compressed layers: what a pull downloads
 * @param afterUncompressed config plus uncompressed layers
 * @param baselineReference what the image is compared with, or null
 * @param beforeCompressed the baseline's compressed size, or null without a baseline
 * @param baselineNote why there is no baseline (or where it came from), for people
 * @param config the config blob's row
 * @param requests HTTP requests made to registries
 * @param platforms every platform's image (one for a single binary); {@code layers} and {@code
 *     config} are the first one's, and the sizes and totals count a blob shared by several
 *     platforms once
 * @param sbom where the SBOM went (a file, an OCI referrer, a fallback tag), one line each;
 *     empty without {@code --sbom}
 * @param outcome pushed, written or neither, with the gates and warnings; the constructors
 *     without it take "pushed" when there is no archive, else "written"
 * @param references every reference the image went to (one per tag), {@code reference} first;
 *     the constructors without it take {@code reference} alone
 * @param compressionLevel the gzip level of the layers slim wrote (a base image's stay as the
 *     base has them); the constructors without it take slim's default, 6
 */
public record BuildReport(
    String reference,
    String digest,
    String platform,
    String mediaType,
    String archive,
    long afterCompressed,
    long afterUncompressed,
    String baselineReference,
    Long beforeCompressed,
    String baselineNote,
    List<LayerRow> layers,
    LayerRow config,
    int requests,
    long durationMillis,
    List<PlatformImage> platforms,
    List<String> sbom,
    Outcome outcome,
    List<String> references,
    int compressionLevel) {

  public BuildReport(String reference, String digest, String platform, String mediaType,
      String archive, long afterCompressed, long afterUncompressed, String baselineReference,
      Long beforeCompressed, String baselineNote, List<LayerRow> layers, LayerRow config,
      int requests, long durationMillis, List<PlatformImage> platforms, List<String> sbom,
      Outcome outcome, List<String> references) {
    this(reference, digest, platform, mediaType, archive, afterCompressed, afterUncompressed,
        baselineReference, beforeCompressed, baselineNote, layers, config, requests,
        durationMillis, platforms, sbom, outcome, references,
        PlanRequest.DEFAULT_COMPRESSION_LEVEL);
  }

  public BuildReport(String reference, String digest, String platform, String mediaType,
      String archive, long afterCompressed, long afterUncompressed, String baselineReference,
      Long beforeCompressed, String baselineNote, List<LayerRow> layers, LayerRow config,
      int requests, long durationMillis, List<PlatformImage> platforms, List<String> sbom,
      Outcome outcome) {
    this(reference, digest, platform, mediaType, archive, afterCompressed, afterUncompressed,
        baselineReference, beforeCompressed, baselineNote, layers, config, requests,
        durationMillis, platforms, sbom, outcome, List.of(reference));
  }

  public BuildReport(String reference, String digest, String platform, String mediaType,
      String archive, long afterCompressed, long afterUncompressed, String baselineReference,
      Long beforeCompressed, String baselineNote, List<LayerRow> layers, LayerRow config,
      int requests, long durationMillis, List<PlatformImage> platforms) {
    this(reference, digest, platform, mediaType, archive, afterCompressed, afterUncompressed,
        baselineReference, beforeCompressed, baselineNote, layers, config, requests,
        durationMillis, platforms, List.of(), Outcome.done(archive == null));
  }

  /** The same report, saying where the SBOM went. */
  public BuildReport withSbom(List<String> locations) {
    return new BuildReport(reference, digest, platform, mediaType, archive, afterCompressed,
        afterUncompressed, baselineReference, beforeCompressed, baselineNote, layers, config,
        requests, durationMillis, platforms, locations, outcome, references, compressionLevel);
  }

  /** The same report with what became of the image. */
  public BuildReport withOutcome(Outcome newOutcome) {
    return new BuildReport(reference, digest, platform, mediaType, archive, afterCompressed,
        afterUncompressed, baselineReference, beforeCompressed, baselineNote, layers, config,
        requests, durationMillis, platforms, sbom, newOutcome, references, compressionLevel);
  }

  /** The same report, the image having gone to each of {@code all} ({@code reference} first). */
  public BuildReport withReferences(List<String> all) {
    return new BuildReport(reference, digest, platform, mediaType, archive, afterCompressed,
        afterUncompressed, baselineReference, beforeCompressed, baselineNote, layers, config,
        requests, durationMillis, platforms, sbom, outcome, all, compressionLevel);
  }

  /** The same report, its layers compressed at gzip level {@code level}. */
  public BuildReport withCompressionLevel(int level) {
    return new BuildReport(reference, digest, platform, mediaType, archive, afterCompressed,
        afterUncompressed, baselineReference, beforeCompressed, baselineNote, layers, config,
        requests, durationMillis, platforms, sbom, outcome, references, level);
  }

  public BuildReport(String reference, String digest, String platform, String mediaType,
      String archive, long afterCompressed, long afterUncompressed, String baselineReference,
      Long beforeCompressed, String baselineNote, List<LayerRow> layers, LayerRow config,
      int requests, long durationMillis) {
    this(reference, digest, platform, mediaType, archive, afterCompressed, afterUncompressed,
        baselineReference, beforeCompressed, baselineNote, layers, config, requests,
        durationMillis, List.of(new PlatformImage(platform, digest, afterCompressed, layers,
            config)));
  }

  public BuildReport {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(baselineNote, "baselineNote");
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    platforms = List.copyOf(platforms);
    sbom = sbom == null ? List.of() : List.copyOf(sbom);
    Objects.requireNonNull(outcome, "outcome");
    references = references == null || references.isEmpty() ? List.of(reference)
        : List.copyOf(references);
    if (!references.get(0).equals(reference)) {
      throw new IllegalArgumentException("references start with " + reference);
    }
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("a build has at least one platform");
    }
  }

  /** Bytes sent to the registry (layers and config). */
  public long uploadedBytes() {
    return all().filter(LayerRow::transferred).mapToLong(LayerRow::size).sum();
  }

  /** Bytes the registry already had (reused or mounted). */
  public long reusedBytes() {
    return all().filter(LayerRow::reused).mapToLong(LayerRow::size).sum();
  }

  /** Bytes saved against the baseline, or null without one. */
  public Long savedBytes() {
    return beforeCompressed == null ? null : beforeCompressed - afterCompressed;
  }

  /** Every blob of every platform, each digest once. */
  private java.util.stream.Stream<LayerRow> all() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    return platforms.stream()
        .flatMap(p -> java.util.stream.Stream.concat(p.layers().stream(),
            java.util.stream.Stream.of(p.config())))
        .filter(row -> seen.add(row.digest()));
  }
}
