package dev.slim.push;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a push.
 *
 * @param reference {@code registry/repo:tag@sha256:…}
 * @param statuses what happened to each blob, by digest
 */
record PushResult(String reference, String digest, Map<String, BlobStatus> statuses) {
  PushResult {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(digest, "digest");
    statuses = Map.copyOf(statuses);
  }
}
