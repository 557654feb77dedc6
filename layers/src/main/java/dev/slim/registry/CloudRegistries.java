package dev.slim.registry;

import java.util.List;

/**
 * The registries whose credentials a cloud SDK's helper or Google's Application Default
 * Credentials can give without {@code docker login}: GCR ({@code *gcr.io}), Artifact Registry
 * ({@code *docker.pkg.dev}) and ECR ({@code *amazonaws.com}), the hosts jib-core knows. Checked
 * before {@link CloudCredentials} is loaded, so that a build for any other registry never loads
 * jib-core.
 */
final class CloudRegistries {

  private static final List<String> SUFFIXES = List.of("gcr.io", "docker.pkg.dev",
      "amazonaws.com");

  private CloudRegistries() {}

  /** Whether {@code registry} (a host, maybe with a port) is one of them. */
  static boolean known(String registry) {
    return SUFFIXES.stream().anyMatch(registry::endsWith);
  }
}
