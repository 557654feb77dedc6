package dev.slim.pipeline;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.files.OutputFile;
import dev.slim.inspect.Inspection;
import dev.slim.render.BuildReport;
import dev.slim.render.Reports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Every file a build writes, checked before anything is built or sent: a folder or an unwritable
 * place is a usage error naming the option, and at most one output may be stdout ({@code -}).
 *
 * @param archive the local archive, or null when pushing
 * @param sboms the SBOM file of each image (in the order of the binaries), null entries for none
 * @param stepSummary {@code $GITHUB_STEP_SUMMARY}, appended to; or null
 */
record Outputs(OutputFile archive, OutputFile digestFile, OutputFile reportJson,
    OutputFile reportMarkdown, OutputFile stepSummary, List<OutputFile> sboms) {

  Outputs {
    sboms = Collections.unmodifiableList(new ArrayList<>(sboms));
  }

  static Outputs check(BuildRequest request, Target target, List<Inspection> binaries)
      throws SlimException {
    OutputFile archive = request.push() ? null : OutputFile.of("--output", target.archive());
    String summary = request.environment().get("GITHUB_STEP_SUMMARY");
    Outputs outputs = new Outputs(archive, of("--digest-file", request.digestFile()),
        of("--report-json", request.reportJson()),
        of("--report-markdown", request.reportMarkdown()),
        summary == null || summary.isBlank() ? null
            : OutputFile.of("$GITHUB_STEP_SUMMARY", Path.of(summary)),
        sboms(request, archive, binaries));
    List<OutputFile> stdout = outputs.all().stream()
        .filter(o -> o.way() == OutputFile.Way.STDOUT).toList();
    if (stdout.size() > 1) {
      throw new SlimException(Reason.USAGE, stdout.get(0).option() + " and "
          + stdout.get(1).option() + " both write to stdout ('-'); only one can");
    }
    return outputs;
  }

  private static List<OutputFile> sboms(BuildRequest request, OutputFile archive,
      List<Inspection> binaries) throws SlimException {
    List<OutputFile> sboms = new ArrayList<>();
    if (!request.sbomWanted()) {
      binaries.forEach(b -> sboms.add(null));
      return sboms;
    }
    Path output = request.sbomOutput();
    String option = "--sbom-output";
    if (output == null && archive != null) {
      if (archive.way() == OutputFile.Way.STDOUT) {
        throw new SlimException(Reason.USAGE, "--sbom goes next to the archive, which"
            + " --output " + archive.path() + " sends to stdout: give --sbom-output FILE");
      }
      output = Path.of(stem(archive.path().toString(), ".tar") + ".spdx.json");
      option = "--sbom";
    }
    if (output != null && binaries.size() > 1 && OutputFile.meansStdout(output)) {
      throw new SlimException(Reason.USAGE, "--sbom-output " + output + ": a multi-arch build"
          + " writes one SBOM per platform; give a file name");
    }
    for (Inspection binary : binaries) {
      if (output == null) {
        sboms.add(null);
        continue;
      }
      String suffix = binaries.size() > 1
          ? "-" + binary.platform().toString().replace('/', '-') : "";
      String file = output.toString();
      Path named = suffix.isEmpty() ? output
          : Path.of(file.endsWith(".spdx.json") ? stem(file, ".spdx.json") + suffix + ".spdx.json"
              : stem(file, ".json") + suffix + ".json");
      sboms.add(OutputFile.of(option, named));
    }
    return sboms;
  }

  private static OutputFile of(String option, Path path) throws SlimException {
    return path == null ? null : OutputFile.of(option, path);
  }

  private List<OutputFile> all() {
    List<OutputFile> all = new ArrayList<>(Stream.of(archive, digestFile, reportJson,
        reportMarkdown, stepSummary).filter(Objects::nonNull).toList());
    sboms.stream().filter(Objects::nonNull).forEach(all::add);
    return all;
  }

  /** The digest file and the reports; the Markdown is also appended to the job summary. */
  void write(BuildReport report, String digestLine) throws SlimException, IOException {
    if (digestFile != null && digestLine != null) {
      digestFile.write(digestLine + "\n");
    }
    if (reportJson != null) {
      reportJson.write(Reports.buildJson(report));
    }
    String markdown = null;
    if (reportMarkdown != null) {
      markdown = Reports.buildMarkdown(report);
      reportMarkdown.write(markdown);
    }
    if (stepSummary != null) {
      stepSummary.append(markdown == null ? Reports.buildMarkdown(report) : markdown);
    }
  }

  private static String stem(String file, String extension) {
    return file.endsWith(extension) ? file.substring(0, file.length() - extension.length())
        : file;
  }
}
