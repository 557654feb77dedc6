package dev.slim.build;

import dev.slim.files.OutputFile;
import dev.slim.plan.PlanRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything {@code slim build} was asked to do.
 *
 * @param binaries one static binary per platform (one image, or an index with several)
 * @param image target reference; null for a local build named after the binary
 * @param push push to the registry; otherwise write a local archive
 * @param output archive path, or null for {@code build/<name>.tar}
 * @param baseline reference to compare with, or null for the image at the target tag
 * @param maxSize fail (after writing reports) when the compressed image is larger; null for none
 * @param insecureRegistries {@code host[:port]} that may be reached over plain HTTP
 * @param username registry user, with {@code password}; both null to use the Docker config
 * @param environment the process environment (SOURCE_DATE_EPOCH, DOCKER_CONFIG, HOME,
 *     GITHUB_STEP_SUMMARY, PATH for credential helpers)
 * @param baseRegistry a registry (mirror) to read Docker Hub base images from, or null
 * @param sbom write an SPDX SBOM: attached to the pushed image, or next to the archive
 * @param sbomOutput also write the SBOM to this file, or null
 * @param ignoredWarnings names of lint warnings to leave out ({@code --ignore-warning})
 * @param failOnWarning a lint warning stops the build like a failed gate (exit 5)
 * @param created {@code --created}: the image's creation time, or null to decide it
 *     ({@link dev.slim.plan.CreationTime})
 * @param config the {@code slim.yaml} the build was read from, or null (its git repository's
 *     commit time is a source of the creation time)
 */
public record BuildRequest(
    List<Path> binaries,
    PlanRequest plan,
    String image,
    boolean push,
    Path output,
    String baseline,
    Long maxSize,
    Set<String> insecureRegistries,
    String username,
    String password,
    Path digestFile,
    Path reportJson,
    Path reportMarkdown,
    Map<String, String> environment,
    String baseRegistry,
    boolean sbom,
    Path sbomOutput,
    Set<String> ignoredWarnings,
    boolean failOnWarning,
    Instant created,
    Path config) {

  /** Without an SBOM. */
  public BuildRequest(List<Path> binaries, PlanRequest plan, String image, boolean push,
      Path output, String baseline, Long maxSize, Set<String> insecureRegistries,
      String username, String password, Path digestFile, Path reportJson, Path reportMarkdown,
      Map<String, String> environment, String baseRegistry) {
    this(binaries, plan, image, push, output, baseline, maxSize, insecureRegistries, username,
        password, digestFile, reportJson, reportMarkdown, environment, baseRegistry, false, null,
        Set.of(), false, null, null);
  }

  /** The same request with an SBOM ({@code --sbom}, {@code --sbom-output FILE}). */
  public BuildRequest withSbom(boolean newSbom, Path newSbomOutput) {
    return new BuildRequest(binaries, plan, image, push, output, baseline, maxSize,
        insecureRegistries, username, password, digestFile, reportJson, reportMarkdown,
        environment, baseRegistry, newSbom, newSbomOutput, ignoredWarnings, failOnWarning,
        created, config);
  }

  /** The same request with lint warnings silenced by name, or made to fail the build. */
  public BuildRequest withWarnings(Set<String> ignore, boolean fail) {
    return new BuildRequest(binaries, plan, image, push, output, baseline, maxSize,
        insecureRegistries, username, password, digestFile, reportJson, reportMarkdown,
        environment, baseRegistry, sbom, sbomOutput, ignore, fail, created, config);
  }

  /** The same request with {@code --created} (or null) and the {@code slim.yaml} read (or null). */
  public BuildRequest withCreated(Instant newCreated, Path newConfig) {
    return new BuildRequest(binaries, plan, image, push, output, baseline, maxSize,
        insecureRegistries, username, password, digestFile, reportJson, reportMarkdown,
        environment, baseRegistry, sbom, sbomOutput, ignoredWarnings, failOnWarning, newCreated,
        newConfig);
  }

  /** Whether an SBOM is to be written or attached. */
  public boolean sbomWanted() {
    return sbom || sbomOutput != null;
  }

  /** One binary, bases from where their references say. */
  public BuildRequest(Path binary, PlanRequest plan, String image, boolean push, Path output,
      String baseline, Long maxSize, Set<String> insecureRegistries, String username,
      String password, Path digestFile, Path reportJson, Path reportMarkdown,
      Map<String, String> environment) {
    this(List.of(binary), plan, image, push, output, baseline, maxSize, insecureRegistries,
        username, password, digestFile, reportJson, reportMarkdown, environment, null);
  }

  public BuildRequest {
    binaries = List.copyOf(binaries);
    if (binaries.isEmpty()) {
      throw new IllegalArgumentException("a build needs at least one binary");
    }
    Objects.requireNonNull(plan, "plan");
    insecureRegistries = Set.copyOf(insecureRegistries);
    ignoredWarnings = Set.copyOf(ignoredWarnings);
    environment = Collections.unmodifiableMap(new TreeMap<>(environment));
  }

  /**
   * Whether one of the outputs is stdout ({@code -} or {@code /dev/stdout}): then stdout holds
   * that document alone and the reference line goes to stderr.
   */
  public boolean writesStdout() {
    return Stream.of(push ? null : output, digestFile, reportJson, reportMarkdown, sbomOutput)
        .filter(Objects::nonNull).anyMatch(OutputFile::meansStdout);
  }

  /** The first binary: it names a local image when --image is not given. */
  public Path binary() {
    return binaries.get(0);
  }

  @Override
  public String toString() {
    return "BuildRequest[binaries=" + binaries + ", image=" + image + ", push=" + push
        + ", username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
  }
}
