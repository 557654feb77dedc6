package dev.slim.cli;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.pipeline.BuildRequest;
import dev.slim.pipeline.SlimBuild;
import dev.slim.config.ConfigFile;
import dev.slim.config.ConfigRequest;
import dev.slim.config.SlimConfig;
import dev.slim.files.OutputFile;
import dev.slim.migrate.Migration;
import dev.slim.migrate.Migrator;
import dev.slim.plan.PlanRequest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slim migrate [Dockerfile]}: the slim.yaml that replaces a multi-stage Dockerfile. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Reads a (multi-stage) Dockerfile and writes the equivalent slim.yaml: the binary the",
      "final stage copies from a build stage, ENTRYPOINT/CMD, ENV, EXPOSE, USER, WORKDIR, LABEL.",
      "stderr lists what could not be carried over (with line numbers) and the command that",
      "builds the binary statically into the Dockerfile's folder."
    })
final class MigrateCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "DOCKERFILE",
      description = "The Dockerfile (default: ./Dockerfile).")
  Path dockerfile = Path.of("Dockerfile");

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write slim.yaml to FILE (stdout gets its path); default or '-': print it.")
  Path output;

  @Option(names = "--force", description = "Overwrite the output file when it exists.")
  boolean force;

  @Option(names = "--compare", paramLabel = "IMAGE",
      description = "Build the slim image from the migrated slim.yaml (the binary must exist)"
          + " and report its size against IMAGE, the image the Dockerfile produced: a registry"
          + " reference, or a local archive ('docker save' or OCI layout tar). Nothing is"
          + " pushed; the archive goes to build/.")
  String compare;

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "Allow plain HTTP for this registry (loopback registries always may).")
  List<String> insecure = new ArrayList<>();

  @Option(names = "--build-arg", paramLabel = "NAME[=VALUE]",
      description = "As docker build: the value of the ARG NAME, over its default (repeatable)."
          + " NAME alone takes the value from the environment.")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE",
      description = "As docker build: migrate the stage named STAGE (FROM ... AS STAGE), not the"
          + " last one.")
  String target;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", split = ",",
      description = "As docker buildx build: the platforms a build that uses TARGETARCH (and its"
          + " kin) is migrated for, a binary and build command each (repeatable or a comma"
          + " list; default linux/amd64,linux/arm64).")
  List<String> platforms = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (compare != null) {
      SlimBuild.checkBaseline("--compare", compare);
    }
    OutputFile file = output == null ? null : OutputFile.of("--output", output);
    if (file != null && file.replacesAFile() && !force) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          output + " exists; use --force to overwrite it");
    }
    Migration migration = Migrator.migrate(dockerfile,
        new Migrator.Options(buildArgs(System.getenv()), target, platforms));
    String name = dockerfile.getFileName() == null ? "Dockerfile"
        : dockerfile.getFileName().toString();
    String yaml = ConfigFile.renderLiteral(migration.config(),
        migration.headerComments(name));
    PrintWriter err = spec.commandLine().getErr();
    for (Migration.Note note : migration.notes()) {
      err.println(note.render(dockerfile.toString()));
    }
    for (Migration.BuildStep step : migration.builds()) {
      err.println("build the binary (" + step.where() + "), in " + folder() + ":");
      err.println("  " + step.command());
    }
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    if (file == null || file.way() == OutputFile.Way.STDOUT) {
      out.print(yaml);
    } else {
      file.write(yaml);
      out.println(output);
    }
    out.flush();
    if (compare != null) {
      compare(migration);
    }
    return ExitCodes.OK;
  }

  /** Builds the migrated image locally with IMAGE as the baseline; the table goes to stderr. */
  private void compare(Migration migration) throws Exception {
    Map<String, String> environment = System.getenv();
    BuildRequest request = compareRequest(migration, dockerfile, compare, Set.copyOf(insecure),
        environment);
    if (!Files.isRegularFile(request.binary())) {
      throw new SlimException(Reason.USAGE, "--compare builds the slim image, but "
          + request.binary() + " does not exist yet: build it first"
          + (migration.build() == null ? "" : " with: " + migration.build().command()));
    }
    LocalBuild.run(request, spec.commandLine().getErr(), environment);
  }

  /**
   * The local build of the migrated slim.yaml, as {@code slim build} would read it from the
   * Dockerfile's folder, compared with {@code baseline}.
   */
  static BuildRequest compareRequest(Migration migration, Path dockerfile, String baseline,
      Set<String> insecure, Map<String, String> environment) throws SlimException {
    SlimConfig c = migration.config().inFolder(dockerfile.toAbsolutePath().getParent());
    return ConfigRequest.request(c, null, new ConfigRequest.Options(Set.of(),
        BuildRequest.builder().baseline(baseline).insecureRegistries(insecure)
            .environment(environment), PlanRequest.builder(), null, false));
  }

  /** {@code --build-arg} values by name; the last of a name wins, as in docker build. */
  private Map<String, String> buildArgs(Map<String, String> environment) {
    Map<String, String> args = new java.util.LinkedHashMap<>();
    for (String arg : buildArgs) {
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--build-arg "
            + arg + ": '" + name + "' is not an ARG name; allowed: NAME=VALUE or NAME (letters,"
            + " digits and '_', not first a digit)");
      }
      if (eq >= 0) {
        args.put(name, arg.substring(eq + 1));
      } else if (environment.containsKey(name)) {
        args.put(name, environment.get(name));
      }
    }
    return args;
  }

  private String folder() {
    Path parent = dockerfile.toAbsolutePath().getParent();
    return parent == null ? "." : parent.toString();
  }
}
