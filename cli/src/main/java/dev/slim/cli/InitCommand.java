package dev.slim.cli;

import dev.slim.config.Starter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slim init}: a starter slim.yaml and, with --ci, a CI workflow or job. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a starter slim.yaml and, with --ci github|gitlab, a workflow (.github/workflows/",
      "slim.yml) or an includable job (.gitlab/slim.gitlab-ci.yml) that sets up the toolchain",
      "(Go when --build-command runs go build or DIR has go.mod; Rust for cargo or Cargo.toml;",
      "else none), builds the binary, fetches slim's distribution from SLIM_DIST_URL, runs",
      "'slim build --push', publishes the Markdown report and keeps the digest as an artifact.",
      "stdout gets the path of every file written."
    })
final class InitCommand implements Callable<Integer> {

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".",
      description = "The project folder (default: the current folder).")
  Path dir;

  @Option(names = "--binary", paramLabel = "PATH", defaultValue = "./app",
      description = "The binary, relative to DIR (default: ${DEFAULT-VALUE}).")
  String binary;

  @Option(names = {"-i", "--image"}, paramLabel = "REF", description = "The image reference.")
  String image;

  @Option(names = "--ci", paramLabel = "github|gitlab", description = "Also write a CI template.")
  String ci;

  @Option(names = "--build-command", paramLabel = "CMD",
      description = "The command that builds the binary, for the CI template.")
  String build;

  @Option(names = "--force", description = "Overwrite files that exist.")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Starter.Ci template = ci == null ? null : Starter.Ci.parse(ci);
    Starter.Written written = Starter.init(new Starter.Request(dir, binary, image, build,
        template, force));
    written.files().forEach(spec.commandLine().getOut()::println);
    spec.commandLine().getOut().flush();
    if (template != null) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("slim: the CI job sets up this toolchain: " + written.toolchain().label());
      if (template == Starter.Ci.GITLAB) {
        err.println("slim: add the job to your pipeline, in .gitlab-ci.yml:");
        err.println("include:");
        err.println("  - local: " + template.target());
      }
      err.flush();
    }
    return ExitCodes.OK;
  }
}
