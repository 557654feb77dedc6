package dev.slim.pipeline;

import dev.slim.files.OutputFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A run of several builds ({@code slim build DIR DIR...}): one image (or index) per request, and
 * the outputs that are the run's, not an image's.
 *
 * @param images one entry per image, in the order given
 * @param jobs how many images are built at once (each also compresses and uploads side by side)
 * @param failFast start no further image once one has failed (those under way finish)
 * @param digestFile one line per image pushed or written, in order; or null
 * @param reportJson the run's JSON report (a section per image, the totals); or null
 * @param reportMarkdown the run's Markdown report (also appended to $GITHUB_STEP_SUMMARY, taken
 *     from the first image's environment); or null
 */
public record ManyRequest(List<Image> images, int jobs, boolean failFast, Path digestFile,
    Path reportJson, Path reportMarkdown) {

  /**
   * One image of the run.
   *
   * @param label how the run names it: its reference, or its folder without one
   * @param source the folder (slim.yaml) it comes from
   */
  public record Image(String label, Path source, BuildRequest request) {
    public Image {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(request, "request");
    }
  }

  public ManyRequest {
    images = List.copyOf(images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("a run builds at least one image");
    }
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
    }
  }

  /** Whether one of the run's outputs, or an image's, is stdout ({@code -}). */
  public boolean writesStdout() {
    return Stream.of(digestFile, reportJson, reportMarkdown).filter(Objects::nonNull)
        .anyMatch(OutputFile::meansStdout)
        || images.stream().anyMatch(i -> i.request().writesStdout());
  }
}
