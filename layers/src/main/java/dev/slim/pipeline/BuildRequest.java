package dev.slim.pipeline;

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
 * @param plan the image settings; its creation time is not decided yet (the build decides it
 *     from {@code created} and the other sources of {@link dev.slim.plan.CreationTime})
 * @param created {@code --created}: the image's creation time, or null to decide it
 *     ({@link dev.slim.plan.CreationTime})
 * @param config the {@code slim.yaml} the build was read from, or null (its git repository's
 *     commit time is a source of the creation time)
 * @param tags further tags ({@code --tag}), after the one in {@code image}: the image is pushed
 *     once and put under each, or archived under each name
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
    Path config,
    List<String> tags) {

  /** Whether an SBOM is to be written or attached. */
  public boolean sbomWanted() {
    return sbom || sbomOutput != null;
  }

  public BuildRequest {
    binaries = List.copyOf(binaries);
    if (binaries.isEmpty()) {
      throw new IllegalArgumentException("a build needs at least one binary");
    }
    Objects.requireNonNull(plan, "plan");
    if (plan.createdDecided()) {
      throw new IllegalArgumentException("the build decides the creation time: give it as"
          + " created (--created), not in the plan");
    }
    insecureRegistries = Set.copyOf(insecureRegistries);
    ignoredWarnings = Set.copyOf(ignoredWarnings);
    tags = tags == null ? List.of() : List.copyOf(tags);
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

  /** A request with nothing set but slim's defaults: a local archive, no gates, no SBOM. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values, for a changed copy. */
  public Builder toBuilder() {
    return new Builder().binaries(binaries).plan(plan).image(image).push(push).output(output)
        .baseline(baseline).maxSize(maxSize).insecureRegistries(insecureRegistries)
        .username(username).password(password).digestFile(digestFile).reportJson(reportJson)
        .reportMarkdown(reportMarkdown).environment(environment).baseRegistry(baseRegistry)
        .sbom(sbom).sbomOutput(sbomOutput).ignoredWarnings(ignoredWarnings)
        .failOnWarning(failOnWarning).created(created).config(config).tags(tags);
  }

  @Override
  public String toString() {
    return "BuildRequest[binaries=" + binaries + ", image=" + image + ", push=" + push
        + ", username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
  }

  /**
   * Sets a request's values by name (the components above); what is not set stays null, false
   * or empty, and the plan is {@link PlanRequest#builder()}'s defaults.
   */
  public static final class Builder {
    private List<Path> binaries = List.of();
    private PlanRequest plan = PlanRequest.builder().build();
    private String image;
    private boolean push;
    private Path output;
    private String baseline;
    private Long maxSize;
    private Set<String> insecureRegistries = Set.of();
    private String username;
    private String password;
    private Path digestFile;
    private Path reportJson;
    private Path reportMarkdown;
    private Map<String, String> environment = Map.of();
    private String baseRegistry;
    private boolean sbom;
    private Path sbomOutput;
    private Set<String> ignoredWarnings = Set.of();
    private boolean failOnWarning;
    private Instant created;
    private Path config;
    private List<String> tags = List.of();

    private Builder() {}

    public Builder binaries(List<Path> value) {
      binaries = List.copyOf(value);
      return this;
    }

    /** One binary: a single-platform image. */
    public Builder binary(Path value) {
      return binaries(List.of(value));
    }

    public Builder plan(PlanRequest value) {
      plan = value;
      return this;
    }

    public Builder image(String value) {
      image = value;
      return this;
    }

    public Builder push(boolean value) {
      push = value;
      return this;
    }

    public Builder output(Path value) {
      output = value;
      return this;
    }

    public Builder baseline(String value) {
      baseline = value;
      return this;
    }

    public Builder maxSize(Long value) {
      maxSize = value;
      return this;
    }

    public Builder insecureRegistries(Set<String> value) {
      insecureRegistries = Set.copyOf(value);
      return this;
    }

    public Builder username(String value) {
      username = value;
      return this;
    }

    public Builder password(String value) {
      password = value;
      return this;
    }

    public Builder digestFile(Path value) {
      digestFile = value;
      return this;
    }

    public Builder reportJson(Path value) {
      reportJson = value;
      return this;
    }

    public Builder reportMarkdown(Path value) {
      reportMarkdown = value;
      return this;
    }

    public Builder environment(Map<String, String> value) {
      environment = Map.copyOf(value);
      return this;
    }

    public Builder baseRegistry(String value) {
      baseRegistry = value;
      return this;
    }

    public Builder sbom(boolean value) {
      sbom = value;
      return this;
    }

    public Builder sbomOutput(Path value) {
      sbomOutput = value;
      return this;
    }

    public Builder ignoredWarnings(Set<String> value) {
      ignoredWarnings = Set.copyOf(value);
      return this;
    }

    /** The warnings left out so far (to add another source's). */
    public Set<String> ignoredWarnings() {
      return ignoredWarnings;
    }

    public Builder failOnWarning(boolean value) {
      failOnWarning = value;
      return this;
    }

    /** {@code --created}, or null to let the build decide. */
    public Builder created(Instant value) {
      created = value;
      return this;
    }

    public Builder config(Path value) {
      config = value;
      return this;
    }

    /** Further tags, in order; the first tag is {@code image}'s. */
    public Builder tags(List<String> value) {
      tags = List.copyOf(value);
      return this;
    }

    /** The request; its compact constructor checks it. */
    public BuildRequest build() {
      return new BuildRequest(binaries, plan, image, push, output, baseline, maxSize,
          insecureRegistries, username, password, digestFile, reportJson, reportMarkdown,
          environment, baseRegistry, sbom, sbomOutput, ignoredWarnings, failOnWarning, created,
          config, tags);
    }
  }
}
