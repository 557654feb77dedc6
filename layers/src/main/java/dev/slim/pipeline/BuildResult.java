package dev.slim.pipeline;

import dev.slim.plan.LintWarning;
import dev.slim.render.BuildReport;
import java.util.List;
import java.util.Objects;

/**
 * What a build produced.
 *
 * @param printed the one line for stdout: pushed reference with digest, or the archive path
 * @param gateFailure why a gate failed or a warning stopped the build (the image was neither
 *     pushed nor written), or null
 * @param warnings what the binaries need that the base lacks, less the ignored ones, and a
 *     creation time that retention cannot rank or age
 */
public record BuildResult(
    BuildReport report, String printed, String gateFailure, List<LintWarning> warnings) {

  public BuildResult(BuildReport report, String printed, String gateFailure) {
    this(report, printed, gateFailure, List.of());
  }

  public BuildResult {
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(printed, "printed");
  }
}
