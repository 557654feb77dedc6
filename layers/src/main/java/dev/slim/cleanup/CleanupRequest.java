package dev.slim.cleanup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link Cleanup#report} reads and, with {@code apply}, deletes.
 *
 * @param targets {@code REGISTRY/REPOSITORY} (one repository) or {@code REGISTRY} (every
 *     repository its catalog lists)
 * @param apply delete what the policy marks, after confirmation
 * @param deep also download layers to find images that {@code slim build} would make smaller
 * @param username registry user, or {@code null} for the Docker config's credentials
 * @param password with {@code username}
 * @param insecureRegistries registries that may be spoken to over plain HTTP
 * @param environment for the Docker config lookup
 * @param now the time "older than" is measured from
 * @param concurrency how many manifest and config reads run at once (at least 1)
 * @param maxTags tags read per repository at most; a repository with more is skipped
 * @param journal with {@code apply}: the file each deletion is appended to as a JSON line, or
 *     {@code null}
 */
public record CleanupRequest(List<String> targets, Policy policy, boolean apply, boolean deep,
    String username,
    String password, Set<String> insecureRegistries, Map<String, String> environment,
    Instant now, int concurrency, int maxTags, Path journal) {

  /**
   * Reads (and deletes) at once: eight keep a loopback or LAN registry busy without queueing
   * much on it; a registry that is overwhelmed says so with 429/503, and then every worker waits.
   */
  public static final int DEFAULT_CONCURRENCY = 8;
  /** Enough for any repository people prune by hand; the memory a report needs grows with it. */
  public static final int DEFAULT_MAX_TAGS = 10_000;

  public CleanupRequest {
    targets = List.copyOf(targets);
    Objects.requireNonNull(policy, "policy");
    insecureRegistries = Set.copyOf(insecureRegistries);
    environment = Map.copyOf(environment);
    Objects.requireNonNull(now, "now");
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("name at least one REGISTRY/REPOSITORY or REGISTRY");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1, not " + concurrency);
    }
    if (maxTags < 1 || maxTags == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--max-tags must be a number from 1 to "
          + (Integer.MAX_VALUE - 1) + ", not " + maxTags);
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("username and password go together");
    }
  }

  /** A request without a journal. */
  public CleanupRequest(List<String> targets, Policy policy, boolean apply, boolean deep,
      String username, String password, Set<String> insecureRegistries,
      Map<String, String> environment, Instant now, int concurrency, int maxTags) {
    this(targets, policy, apply, deep, username, password, insecureRegistries, environment, now,
        concurrency, maxTags, null);
  }

  /** A request that reads at most {@value #DEFAULT_MAX_TAGS} tags per repository. */
  public CleanupRequest(List<String> targets, Policy policy, boolean apply, boolean deep,
      String username, String password, Set<String> insecureRegistries,
      Map<String, String> environment, Instant now, int concurrency) {
    this(targets, policy, apply, deep, username, password, insecureRegistries, environment, now,
        concurrency, DEFAULT_MAX_TAGS, null);
  }

  @Override
  public String toString() {
    return "CleanupRequest[targets=" + targets + ", policy=" + policy + ", apply=" + apply
        + ", deep=" + deep + ", username=" + username + "]";
  }

  /** Reads a file of digests in use, one per line; {@code #} starts a comment. */
  public static Set<String> readDigests(Path file) throws java.io.IOException {
    Set<String> digests = new java.util.TreeSet<>();
    for (String line : java.nio.file.Files.readAllLines(file)) {
      int hash = line.indexOf('#');
      String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
      int at = text.lastIndexOf('@');
      if (at >= 0) {
        text = text.substring(at + 1);
      }
      if (!text.isEmpty()) {
        digests.add(text);
      }
    }
    return digests;
  }
}
