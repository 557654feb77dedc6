package dev.slim.cli;

import dev.slim.pipeline.BuildRequest;
import dev.slim.pipeline.BuildResult;
import dev.slim.pipeline.SlimBuild;
import dev.slim.render.Reports;
import java.io.PrintWriter;
import java.util.Map;

/** Runs a build with progress on stderr, then prints its warnings and report table there. */
final class LocalBuild {

  private LocalBuild() {}

  static BuildResult run(BuildRequest request, PrintWriter err, Map<String, String> environment)
      throws Exception {
    ProgressLine progress = new ProgressLine(err, ProgressLine.isTerminal(environment));
    BuildResult result;
    try {
      result = SlimBuild.run(request, progress);
    } finally {
      progress.finish();
    }
    result.warnings().forEach(w -> err.println("warning: " + w.file() + ": " + w.message() + " ("
        + w.name() + "; silence with --ignore-warning " + w.name() + ")"));
    err.print(Reports.buildTable(result.report()));
    err.flush();
    return result;
  }
}
