package dev.slim.config;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.pipeline.BuildRequest;
import dev.slim.oci.Platform;
import dev.slim.plan.Base;
import dev.slim.plan.ImageFormat;
import dev.slim.plan.PlanRequest;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code slim.yaml} as a build request, the one mapping {@code slim build} and
 * {@code slim migrate --compare} share. Every option given on the command line wins over the
 * file; for env, labels and annotations the two are merged, the command line winning per key;
 * warnings to ignore are the file's and the command line's; {@code sbom} is on when either says so.
 */
public final class ConfigRequest {

  private ConfigRequest() {}

  /**
   * The command line's settings.
   *
   * @param given the options the user typed ({@code --image}, …): only those win over the file
   * @param build the request's settings from the options (or their defaults)
   * @param plan the image settings from the options (or their defaults); the base comes apart
   * @param base {@code --base} as typed (or its default), or null for scratch
   * @param tzdata {@code --tzdata}
   */
  public record Options(Set<String> given, BuildRequest.Builder build, PlanRequest.Builder plan,
      String base, boolean tzdata) {
    public Options {
      given = Set.copyOf(given);
      Objects.requireNonNull(build, "build");
      Objects.requireNonNull(plan, "plan");
    }

    boolean has(String option) {
      return given.contains(option);
    }
  }

  /**
   * The request {@code file} and the options give.
   *
   * @param file the slim.yaml read, or null: then the options alone decide
   * @param read the path of the file (a source of the creation time), or null
   * @throws SlimException USAGE for {@code --tzdata} without the static base
   */
  public static BuildRequest request(SlimConfig file, Path read, Options options)
      throws SlimException {
    BuildRequest.Builder build = options.build();
    PlanRequest.Builder plan = options.plan();
    String base = options.base();
    if (file != null) {
      build.binaries(binaries(file)).config(read);
      String platform = file.binaries().size() == 1 ? file.binaries().get(0).platform() : null;
      if (platform != null && !options.has("--platform")) {
        plan.platform(platform(platform));
      }
      if (!options.has("--image") && file.image() != null) {
        build.image(file.image());
      }
      if (!options.has("--tag") && !file.tags().isEmpty()) {
        build.tags(file.tags());
      }
      if (!options.has("--base") && file.base() != null) {
        base = file.base();
      }
      image(file, options, plan);
      outputs(file, options, build);
    }
    plan.base(Base.parse(base, options.tzdata()));
    return build.plan(plan.build()).build();
  }

  private static void image(SlimConfig file, Options options, PlanRequest.Builder plan) {
    if (!options.has("--path") && file.path() != null) {
      plan.path(file.path());
    }
    if (!options.has("--arg") && !file.args().isEmpty()) {
      plan.args(file.args());
    }
    plan.env(merged(file.env(), plan.env()));
    plan.labels(merged(file.labels(), plan.labels()));
    plan.annotations(merged(file.annotations(), plan.annotations()));
    if (!options.has("--port") && !file.ports().isEmpty()) {
      plan.ports(file.ports());
    }
    if (!options.has("--user") && file.user() != null) {
      plan.user(file.user());
    }
    if (!options.has("--workdir") && file.workdir() != null) {
      plan.workdir(file.workdir());
    }
    if (!options.has("--format") && file.format() != null) {
      plan.format(file.format().equals("docker") ? ImageFormat.DOCKER : ImageFormat.OCI);
    }
    if (!options.has("--compression-level") && file.compressionLevel() != null) {
      plan.compressionLevel(file.compressionLevel());
    }
    if (!options.has("--source") && file.source() != null) {
      plan.source(file.source());
    }
    if (!options.has("--revision") && file.revision() != null) {
      plan.revision(file.revision());
    }
  }

  private static void outputs(SlimConfig file, Options options, BuildRequest.Builder build) {
    if (!options.has("--max-size") && file.maxSize() != null) {
      build.maxSize(file.maxSize());
    }
    if (!options.has("--report-json") && file.reportJson() != null) {
      build.reportJson(file.resolve(file.reportJson()));
    }
    if (!options.has("--report-markdown") && file.reportMarkdown() != null) {
      build.reportMarkdown(file.resolve(file.reportMarkdown()));
    }
    if (!options.has("--digest-file") && file.digestFile() != null) {
      build.digestFile(file.resolve(file.digestFile()));
    }
    if (!options.has("--sbom-output") && file.sbomOutput() != null) {
      build.sbomOutput(file.resolve(file.sbomOutput()));
    }
    if (file.sbom()) {
      build.sbom(true);
    }
    Set<String> ignored = new HashSet<>(file.ignoreWarnings());
    ignored.addAll(build.ignoredWarnings());
    build.ignoredWarnings(ignored);
  }

  private static Platform platform(String text) throws SlimException {
    try {
      return Platform.parse(text);
    } catch (IllegalArgumentException e) {
      throw new SlimException(Reason.USAGE, "--platform: " + e.getMessage());
    }
  }

  private static Map<String, String> merged(Map<String, String> file, Map<String, String> flags) {
    Map<String, String> result = new LinkedHashMap<>(file);
    result.putAll(flags);
    return result;
  }

  /** The file's binaries, as paths relative to its folder. */
  private static List<Path> binaries(SlimConfig file) {
    return file.binaries().stream().map(b -> file.resolve(b.path())).toList();
  }
}
