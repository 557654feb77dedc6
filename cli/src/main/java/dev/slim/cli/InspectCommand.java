package dev.slim.cli;

import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.inspect.Uses;
import dev.slim.render.Reports;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code slim inspect FILE}: is this binary fit for a scratch image? */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    header = "Check that a binary can run on an empty image: static, platform, size facts.",
    description = {
      "Reads a binary's ELF headers (without running it) and says whether it is static,",
      "which platform it is for, how much a strip would save and, for Go, its build info.",
      "Exits 0 when the binary can go into a scratch image, 3 when it cannot."
    })
final class InspectCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The binary to inspect.")
  Path file;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Inspection inspection = Inspector.inspect(file);
    Uses uses = Uses.of(inspection);
    String rendered = json
        ? Reports.inspectionJson(inspection, uses) : Reports.inspectionText(inspection, uses);
    spec.commandLine().getOut().print(rendered);
    spec.commandLine().getOut().flush();
    return inspection.isStatic() ? ExitCodes.OK : ExitCodes.REJECTED;
  }
}
