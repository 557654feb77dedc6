package dev.slim.render;

import java.util.List;
import java.util.Objects;

/**
 * What a run of several builds ({@code slim build DIR DIR...}) did: one entry per image, in the
 * order given, and the run's totals.
 *
 * @param sessions registry sessions the run opened (one per registry)
 * @param requests HTTP requests the run sent to registries, by every build together
 */
public record ManyReport(List<Entry> images, int sessions, int requests, long durationMillis) {

  /** The image failed: rejected, a registry error, a usage error of its own. */
  public static final String FAILED = "failed";
  /** The image was not built: {@code --fail-fast} stopped the run first. */
  public static final String SKIPPED = "skipped";

  /**
   * One image of the run.
   *
   * @param label how the run names the image: its reference, or its folder without one
   * @param source the folder (its slim.yaml) the image was built from
   * @param report the build's report; null when the build failed or was skipped (a failed gate
   *     has a report, whose outcome says why nothing was pushed)
   * @param failure why there is no report (null when there is one)
   */
  public record Entry(String label, String source, BuildReport report, String failure,
      boolean skipped) {
    public Entry {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(source, "source");
      if ((report == null) == (failure == null)) {
        throw new IllegalArgumentException("an image has a report or a failure, not both");
      }
    }

    /** pushed, written, not pushed, not written (a gate), {@link #FAILED} or {@link #SKIPPED}. */
    public String status() {
      return report != null ? report.outcome().status() : skipped ? SKIPPED : FAILED;
    }

    /** Whether the image was pushed or written. */
    public boolean succeeded() {
      return report != null && report.outcome().succeeded();
    }
  }

  public ManyReport {
    images = List.copyOf(images);
  }

  /** Bytes sent to registries by every image. */
  public long uploadedBytes() {
    return reports().mapToLong(BuildReport::uploadedBytes).sum();
  }

  /** Bytes the registries already had. */
  public long reusedBytes() {
    return reports().mapToLong(BuildReport::reusedBytes).sum();
  }

  /** Bytes saved against the baselines of the images that have one, or null when none has. */
  public Long savedBytes() {
    List<Long> saved = reports().map(BuildReport::savedBytes).filter(Objects::nonNull).toList();
    return saved.isEmpty() ? null : saved.stream().mapToLong(Long::longValue).sum();
  }

  /** How many images were pushed or written. */
  public long succeeded() {
    return images.stream().filter(Entry::succeeded).count();
  }

  private java.util.stream.Stream<BuildReport> reports() {
    return images.stream().map(Entry::report).filter(Objects::nonNull);
  }
}
