package dev.slim.cli;

import dev.slim.config.ConfigFile;
import dev.slim.config.ConfigRequest;
import dev.slim.config.SlimConfig;
import dev.slim.pipeline.BuildRequest;
import dev.slim.pipeline.ImageOutcome;
import dev.slim.pipeline.ManyRequest;
import dev.slim.pipeline.ManyResult;
import dev.slim.pipeline.SlimBuilds;
import dev.slim.render.ManyReports;
import dev.slim.render.Reports;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code slim build DIR DIR...} and {@code slim build FOLDER/...}: one image per slim.yaml, in
 * one run. Only the run's options may be given; each image's own settings are its file's.
 */
final class ManyBuild {

  /** The options that apply to every image of a run; any other is one image's. */
  static final Set<String> RUN_WIDE = Set.of("--push", "--jobs", "--fail-fast", "--digest-file",
      "--report-json", "--report-markdown", "--base-registry", "--created", "--source",
      "--revision", "--max-size", "--sbom", "--ignore-warning", "--fail-on-warning",
      "--insecure-registry", "--username", "--password-stdin", "--pin");

  /** The run's own outputs: never an image's, so the images' slim.yaml keep theirs. */
  private static final Set<String> RUN_OUTPUTS =
      Set.of("--digest-file", "--report-json", "--report-markdown");

  /** Exit codes from the least to the most severe: a run's is its images' worst. */
  private static final List<Integer> SEVERITY = List.of(ExitCodes.OK, ExitCodes.POLICY,
      ExitCodes.REJECTED, ExitCodes.REGISTRY, ExitCodes.USAGE, ExitCodes.INTERNAL);

  private ManyBuild() {}

  static int run(BuildCommand command, List<Path> configs, Set<String> given,
      Map<String, String> environment) throws Exception {
    for (String option : new java.util.TreeSet<>(given)) {
      if (!RUN_WIDE.contains(option)) {
        throw command.usage(option + " is one image's setting; with several folders each"
            + " image's slim.yaml sets it (build that folder alone to override it). The run's"
            + " options: " + String.join(", ", new java.util.TreeSet<>(RUN_WIDE)));
      }
    }
    if (command.jobs != null && command.jobs < 1) {
      throw command.usage("--jobs must be at least 1, not " + command.jobs);
    }
    Instant created = command.createdTime();
    String password = command.password();
    Set<String> perImage = new HashSet<>(given);
    perImage.removeAll(RUN_OUTPUTS);
    List<ManyRequest.Image> images = new ArrayList<>();
    for (Path config : configs) {
      SlimConfig file = ConfigFile.read(config, environment);
      BuildRequest request = ConfigRequest.request(file, config, new ConfigRequest.Options(
          perImage, command.runWide(created, password, environment), command.plan(),
          command.base, command.tzdata));
      Path folder = config.getParent() == null ? Path.of(".") : config.getParent();
      images.add(new ManyRequest.Image(request.image() != null ? request.image()
          : folder.toString(), folder, request));
    }
    command.pin.check(images.stream().allMatch(i -> i.request().push()));
    int jobs = command.jobs != null ? command.jobs
        : Math.max(1, Runtime.getRuntime().availableProcessors());
    ManyRequest request = new ManyRequest(images, jobs, command.failFast, command.digestFile,
        command.reportJson, command.reportMarkdown);
    PrintWriter err = command.spec.commandLine().getErr();
    ProgressBoard board = new ProgressBoard(err, ProgressLine.isTerminal(environment),
        images.stream().map(ManyRequest.Image::label).toList());
    ManyResult result;
    try {
      result = SlimBuilds.run(request, board);
    } finally {
      board.finish();
    }
    int exit = ExitCodes.OK;
    for (ImageOutcome outcome : result.outcomes()) {
      exit = worse(exit, print(err, outcome));
    }
    err.print(ManyReports.summary(result.report()));
    err.flush();
    PrintWriter lines = request.writesStdout() ? err : command.spec.commandLine().getOut();
    result.printed().forEach(lines::println);
    lines.flush();
    if (!result.printed().isEmpty()) {
      // the images done are pinned; one that failed keeps what the manifests hold
      command.pin.pin(String.join("\n", result.printed()));
    }
    return exit;
  }

  /** Prints an image's warnings and table, or its failure; returns its exit code. */
  private static int print(PrintWriter err, ImageOutcome outcome) {
    if (outcome instanceof ImageOutcome.Built built) {
      built.result().warnings().forEach(w -> err.println("warning: " + w.file() + ": "
          + w.message() + " (" + w.name() + "; silence with --ignore-warning " + w.name()
          + ")"));
      err.print(Reports.buildTable(built.result().report()));
      return built.result().gateFailure().isPresent() ? ExitCodes.POLICY : ExitCodes.OK;
    }
    if (outcome instanceof ImageOutcome.Failed failed) {
      err.println("slim: " + failed.label() + ": " + Errors.message(failed.failure()));
      return Errors.exitCode(failed.failure());
    }
    return ExitCodes.OK;
  }

  static int worse(int a, int b) {
    return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
  }
}
