package dev.slim.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to pin, and where.
 *
 * @param digests the pushed digest ({@code sha256:…}) of each repository slim built, by its
 *     name without tag ({@code registry.example/team/app}); see {@link Pinning#digests}
 * @param paths manifest files, and folders searched for them
 * @param dryRun compute the changes and their diff, write nothing
 */
public record PinRequest(Map<String, String> digests, List<Path> paths, boolean dryRun) {

  public PinRequest {
    digests = Map.copyOf(digests);
    paths = List.copyOf(paths);
    for (Map.Entry<String, String> e : digests.entrySet()) {
      if (!ImageRef.DIGEST.matcher(e.getValue()).matches()) {
        throw new IllegalArgumentException(e.getKey() + ": not a sha256 digest: "
            + e.getValue());
      }
      if (!ImageRef.repository(e.getKey()).map(e.getKey()::equals).orElse(false)) {
        throw new IllegalArgumentException("not a full repository name (REGISTRY/PATH, no tag):"
            + " " + e.getKey());
      }
    }
    Objects.requireNonNull(paths, "paths");
  }
}
