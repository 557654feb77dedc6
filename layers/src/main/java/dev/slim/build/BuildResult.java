package dev.slim.build;

import dev.slim.report.BuildReport;
import java.util.Objects;

/**
 * What a build produced.
 *
 * @param printed the one line for stdout: pushed reference with digest, or the archive path
 * @param gateFailure why a gate failed (the image was not pushed), or null
 */
public record BuildResult(BuildReport report, String printed, String gateFailure) {
  public BuildResult {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(printed, "printed");
  }
}
