package dev.slim.build;

import dev.slim.plan.PlanRequest;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything {@code slim build} was asked to do.
 *
 * @param image target reference; null for a local build named after the binary
 * @param push push to the registry; otherwise write a local archive
 * @param output archive path, or null for {@code build/<name>.tar}
 * @param baseline reference to compare with, or null for the image at the target tag
 * @param maxSize fail (after writing reports) when the compressed image is larger; null for none
 * @param insecureRegistries {@code host[:port]} that may be reached over plain HTTP
 * @param username registry user, with {@code password}; both null to use the Docker config
 * @param environment the process environment (SOURCE_DATE_EPOCH, DOCKER_CONFIG, HOME,
 *     GITHUB_STEP_SUMMARY, PATH for credential helpers)
 */
public record BuildRequest(
    Path binary,
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
    Map<String, String> environment) {

  public BuildRequest {
    Objects.requireNonNull(binary, "binary");
    Objects.requireNonNull(plan, "plan");
    insecureRegistries = Set.copyOf(insecureRegistries);
    environment = Collections.unmodifiableMap(new TreeMap<>(environment));
  }

  @Override
  public String toString() {
    return "BuildRequest[binary=" + binary + ", image=" + image + ", push=" + push
        + ", username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
  }
}
