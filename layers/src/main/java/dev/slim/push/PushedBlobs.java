package dev.slim.push;

import java.util.HashMap;
import java.util.Map;

/**
 * The layers the builds of one run have pushed so far, and where: a later image of the run in
 * another repository of the same registry mounts such a layer (slim's static base) from there
 * instead of uploading it again. Thread-safe.
 */
public final class PushedBlobs {

  private final Map<String, String> repositories = new HashMap<>();

  /** A repository of {@code registry} other than {@code repository} that has the blob, or null. */
  synchronized String elsewhere(String registry, String digest, String repository) {
    String known = repositories.get(registry + "/" + digest);
    return known == null || known.equals(repository) ? null : known;
  }

  /** The blob is now in {@code repository} of {@code registry}. */
  synchronized void add(String registry, String digest, String repository) {
    repositories.putIfAbsent(registry + "/" + digest, repository);
  }
}
