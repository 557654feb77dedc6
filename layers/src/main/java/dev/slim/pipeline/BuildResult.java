package dev.slim.pipeline;

import dev.slim.plan.LintWarning;
import dev.slim.render.BuildReport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a build produced.
 *
 * @param printed the one line for stdout: pushed reference with digest, or the archive path
 * @param gateFailure why a gate failed or a warning stopped the build (the image was neither
 *     pushed nor written); empty when every gate passed
 * @param warnings what the binaries need that the base lacks, less the ignored ones, and a
 *     creation time that retention cannot rank or age
 */
public record BuildResult(
    BuildReport report, String printed, Optional<String> gateFailure,
    List<LintWarning> warnings) {

  public BuildResult {
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(printed, "printed");
    Objects.requireNonNull(gateFailure, "gateFailure");
  }
}
