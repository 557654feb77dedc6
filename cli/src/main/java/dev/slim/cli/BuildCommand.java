package dev.slim.cli;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.pipeline.BuildRequest;
import dev.slim.pipeline.BuildResult;
import dev.slim.config.ConfigFile;
import dev.slim.config.ConfigRequest;
import dev.slim.config.SlimConfig;
import dev.slim.oci.Platform;
import dev.slim.plan.CreationTime;
import dev.slim.plan.ImageFormat;
import dev.slim.plan.Lint;
import dev.slim.plan.PlanRequest;
import dev.slim.plan.Settings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slim build FILE}: a static binary to a minimal image, pushed or archived. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    header = "Build a minimal image from a static binary; push it or write an archive.",
    sortOptions = false,
    description = {
      "Builds a minimal image (from scratch, slim's static base or any image) holding a static",
      "binary, then pushes it (--push) or writes a local archive that 'docker load' and skopeo",
      "read. Several binaries (one per platform) give one multi-arch image (an index).",
      "stdout gets the pushed reference with digest (one line per tag with --tag), or the",
      "archive path. An output FILE given as '-' goes to stdout instead, and those lines then",
      "go to stderr.",
      "The size and layer report goes to stderr.",
      "",
      "Several images in one run: 'slim build svc/a svc/b' (folders, each with a",
      "slim.yaml) or 'slim build ./...' (every slim.yaml below a folder; hidden",
      "folders, target/ and node_modules/ are skipped) builds one image per",
      "slim.yaml in one process, --jobs at once, over one registry session per",
      "registry. Only the run's options apply then: --push, --jobs, --fail-fast,",
      "--digest-file, --report-json, --report-markdown, --base-registry, --created,",
      "--source, --revision, --max-size, --sbom, --ignore-warning,",
      "--fail-on-warning, --pin and the registry login; an image's own settings (--image,",
      "--tag, --base, ...) are its slim.yaml's. One image's failure does not stop",
      "the others and nothing of it is tagged; the exit code is the most severe one",
      "(1, then 2, 4, 3, 5). stdout gets one line per image done, in the order",
      "given."
    })
final class BuildCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", paramLabel = "FILE",
      description = "The static binary; several (one per platform) make one multi-arch image."
          + " None: read ./slim.yaml; a folder: read FOLDER/slim.yaml (options override it);"
          + " several folders, or FOLDER/... (every slim.yaml below): one image each.")
  List<Path> binaries = new ArrayList<>();

  @Option(names = "--base", paramLabel = "scratch|static|REF", defaultValue = "scratch",
      description = "What the image starts from: scratch (default), static (users, /tmp, CA"
          + " certificates), or an image such as alpine:3.20 whose layers are reused.")
  String base;

  @Option(names = "--tzdata", description = "With --base static: add the time-zone layer.")
  boolean tzdata;

  @Option(names = "--base-registry", paramLabel = "HOST[:PORT]",
      description = "Read Docker Hub base images (e.g. alpine) from this registry (a mirror).")
  String baseRegistry;

  @Option(names = {"-i", "--image"}, paramLabel = "REF",
      description = "Image reference, REGISTRY/REPOSITORY:TAG. Default: the binary's name.")
  String image;

  @Option(names = {"-t", "--tag"}, paramLabel = "TAG",
      description = "A further tag (repeatable): the image is pushed once and tagged under each,"
          + " or archived under each name. The first tag is --image's.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--push", description = "Push to the registry in --image.")
  boolean push;

  @Option(names = {"-o", "--output"}, paramLabel = "PATH",
      description = "Archive to write without --push ('-': stdout). Default: build/NAME.tar.")
  Path output;

  @Option(names = "--path", paramLabel = "PATH", defaultValue = PlanRequest.DEFAULT_PATH,
      description = "Where the binary goes in the image (default: ${DEFAULT-VALUE}).")
  String path;

  @Option(names = "--arg", paramLabel = "ARG",
      description = "An argument after the entrypoint (repeatable).")
  List<String> args = new ArrayList<>();

  /** What picocli gives {@code --env KEY} without {@code =}: no string a user can type. */
  static final String NO_VALUE = "\0no value";

  @Option(names = "--env", paramLabel = "KEY=VALUE", mapFallbackValue = NO_VALUE,
      description = "An environment variable (repeatable).")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(names = "--label", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "An image label (repeatable).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--annotation", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "An OCI manifest annotation (repeatable; OCI format only).")
  Map<String, String> annotations = new LinkedHashMap<>();

  @Option(names = "--port", paramLabel = "N[/tcp|udp]", description = "A port to expose.")
  List<String> ports = new ArrayList<>();

  @Option(names = "--user", paramLabel = "UID[:GID]", defaultValue = PlanRequest.DEFAULT_USER,
      description = "User to run as (default: ${DEFAULT-VALUE}, numeric so that"
          + " Kubernetes runAsNonRoot works).")
  String user;

  @Option(names = "--workdir", paramLabel = "DIR", description = "Working directory.")
  String workdir;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "Expected platform; the binary's ELF header decides, this only checks it.")
  String platform;

  @Option(names = "--format", paramLabel = "oci|docker", defaultValue = "oci",
      description = "Manifest format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--compression-level", paramLabel = "1-9",
      description = "Gzip level of the layers slim writes: 1 fastest and largest, 9 smallest and"
          + " slowest (default: 6). Another level gives the layers other digests.")
  String compressionLevel;

  @Option(names = "--source", paramLabel = "URL",
      description = "Source URL, as annotation and label org.opencontainers.image.source.")
  String source;

  @Option(names = "--revision", paramLabel = "REV",
      description = "Source revision, as org.opencontainers.image.revision.")
  String revision;

  @Option(names = "--created", paramLabel = "TIME",
      description = {"The image's creation time: RFC 3339 (2024-05-01T10:00:00Z) or Unix"
          + " seconds. Default, the first that gives one: SOURCE_DATE_EPOCH; a Go binary's"
          + " vcs.time; the commit time of the git repository holding the binary, else"
          + " slim.yaml; else 1970-01-01 with a warning (retention cannot rank or age such"
          + " images). The same inputs at the same commit give the same digest."})
  String created;

  @Option(names = "--baseline", paramLabel = "REF",
      description = "Image to compare with. Default with --push: the image now at the tag.")
  String baseline;

  @Option(names = "--max-size", paramLabel = "SIZE", converter = SizeConverter.class,
      description = "Fail with exit 5 when the compressed image is larger: bytes (1000000),"
          + " or 20MB (powers of 1000), 20MiB (of 1024).")
  Long maxSize;

  @Option(names = "--ignore-warning", paramLabel = "NAME",
      description = "Leave out a warning, by name (repeatable): no-ca-bundle, no-zoneinfo,"
          + " no-creation-time, no-trimpath, go-build-id, vcs-modified.")
  List<String> ignoreWarnings = new ArrayList<>();

  @Option(names = "--fail-on-warning",
      description = "A lint warning fails the build as a gate does: exit 5, reports written,"
          + " nothing pushed or written.")
  boolean failOnWarning;

  @Mixin RegistryLogin registry;

  @Mixin PinOption pin;

  @Option(names = "--digest-file", paramLabel = "FILE",
      description = "Also write the pushed reference with digest to FILE.")
  Path digestFile;

  @Option(names = "--report-json", paramLabel = "FILE", description = "Write the JSON report.")
  Path reportJson;

  @Option(names = "--report-markdown", paramLabel = "FILE",
      description = "Write the Markdown report (also appended to $GITHUB_STEP_SUMMARY if set).")
  Path reportMarkdown;

  @Option(names = "--sbom",
      description = "Write an SPDX 2.3 SBOM: attached to the pushed image as an OCI referrer"
          + " (or the sha256-HEX.sbom tag), else next to the archive.")
  boolean sbom;

  @Option(names = "--sbom-output", paramLabel = "FILE",
      description = "Write the SBOM to FILE (implies --sbom).")
  Path sbomOutput;

  @Option(names = "--jobs", paramLabel = "N",
      description = "With several folders: images built at once (default: the number of"
          + " cores). Each uploads at most 4 blobs at once, so a run keeps at most 4 x N"
          + " connections open.")
  Integer jobs;

  @Option(names = "--fail-fast",
      description = "With several folders: start no further image after the first failure"
          + " (those under way finish); the rest are reported as skipped.")
  boolean failFast;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (NO_VALUE.equals(e.getValue())) {
        throw usage("--env " + e.getKey() + " has no '=': give " + e.getKey() + "=VALUE ("
            + e.getKey() + "= for an empty value); slim never copies a variable from your"
            + " environment into the image");
      }
    }
    Map<String, String> environment = System.getenv();
    List<Path> configs = BuildConfig.many(binaries);
    if (configs != null) {
      return ManyBuild.run(this, configs, given(), environment);
    }
    if (jobs != null || failFast) {
      throw usage((jobs != null ? "--jobs" : "--fail-fast") + " is for several images: give"
          + " several folders (each with a slim.yaml) or FOLDER/...");
    }
    Path config = BuildConfig.find(binaries);
    SlimConfig file = config == null ? null : ConfigFile.read(config, environment);
    Instant createdAt = createdTime();
    String password = password();
    BuildRequest.Builder build = runWide(createdAt, password, environment).binaries(binaries)
        .image(image).output(output).baseline(baseline).digestFile(digestFile)
        .reportJson(reportJson).reportMarkdown(reportMarkdown).sbomOutput(sbomOutput)
        .tags(tags);
    BuildRequest request = ConfigRequest.request(file, config,
        new ConfigRequest.Options(given(), build, plan(), base, tzdata));
    pin.check(request.push());
    BuildResult result = LocalBuild.run(request, spec.commandLine().getErr(), environment);
    if (result.gateFailure().isPresent()) {
      throw new SlimException(Reason.POLICY, result.gateFailure().get());
    }
    // an output on stdout ('-') keeps stdout one document: the reference line goes to stderr
    PrintWriter line = request.writesStdout() ? spec.commandLine().getErr()
        : spec.commandLine().getOut();
    line.println(result.printed());
    line.flush();
    pin.pin(result.printed());
    return ExitCodes.OK;
  }

  String password() throws java.io.IOException {
    return registry.password(
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
  }

  /** A request holding the settings that may apply to every image of a run. */
  BuildRequest.Builder runWide(Instant createdAt, String password,
      Map<String, String> environment) {
    return BuildRequest.builder().push(push).maxSize(maxSize)
        .insecureRegistries(registry.insecureRegistries()).username(registry.username)
        .password(password).environment(environment).baseRegistry(baseRegistry).sbom(sbom)
        .ignoredWarnings(ignoredWarnings()).failOnWarning(failOnWarning).created(createdAt);
  }

  /** The options typed on the command line: they win over slim.yaml. */
  private Set<String> given() {
    // a loop, not OptionSpec::longestName: from when picocli's class files were Java 5 ones,
    // which a lambda linked while the start-up cache was made (no longer: cli/pom.xml)
    Set<String> names = new java.util.HashSet<>();
    for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
      names.add(option.longestName());
    }
    return names;
  }

  private Set<String> ignoredWarnings() {
    for (String name : ignoreWarnings) {
      if (!Lint.NAMES.contains(name)) {
        throw usage("--ignore-warning: unknown warning '" + name + "'; known: "
            + String.join(", ", Lint.NAMES));
      }
    }
    return Set.copyOf(ignoreWarnings);
  }

  /** The image settings of the options; the base is mapped with slim.yaml's. */
  PlanRequest.Builder plan() {
    ImageFormat imageFormat = switch (format.toLowerCase(java.util.Locale.ROOT)) {
      case "oci" -> ImageFormat.OCI;
      case "docker" -> ImageFormat.DOCKER;
      default -> throw usage("--format must be oci or docker, not '" + format + "'");
    };
    Platform expected = null;
    if (platform != null) {
      try {
        expected = Platform.parse(platform);
      } catch (IllegalArgumentException e) {
        throw usage("--platform: " + e.getMessage());
      }
    }
    // no creation time: the build decides it (--created, SOURCE_DATE_EPOCH, vcs.time, git)
    PlanRequest.Builder plan = PlanRequest.builder().path(path).args(args).env(env)
        .labels(labels).ports(ports).user(user).workdir(workdir).platform(expected)
        .format(imageFormat).source(source).revision(revision).annotations(annotations);
    if (compressionLevel != null) {
      String problem = Settings.compressionLevel(compressionLevel);
      if (problem != null) {
        throw usage("--compression-level " + problem);
      }
      plan.compressionLevel(Integer.parseInt(compressionLevel));
    }
    return plan;
  }

  Instant createdTime() {
    if (created == null) {
      return null;
    }
    try {
      return CreationTime.parse(created, "--created");
    } catch (SlimException e) {
      throw usage(e.getMessage());
    }
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
