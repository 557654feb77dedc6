package dev.slim.push;

import java.util.Map;
import java.util.Objects;

/**
 * Where a publisher put the images, or would have put them had the gates passed.
 *
 * @param reference the pushed reference with digest, or the image name in the archive
 * @param archive the archive's path, or null for a registry
 * @param statuses what happened to each blob pushed, by digest
 * @param otherwise the status of every blob not in {@code statuses}: {@code reused},
 *     {@code written} or {@code skipped}
 */
public record Published(String reference, String archive, Map<String, BlobStatus> statuses,
    String otherwise) {

  public Published {
    Objects.requireNonNull(reference, "reference");
    statuses = Map.copyOf(statuses);
    Objects.requireNonNull(otherwise, "otherwise");
  }

  /** What the report says happened to the blob {@code digest}. */
  public String status(String digest) {
    BlobStatus status = statuses.get(digest);
    return status == null ? otherwise : status.label();
  }

  /** The one line for stdout: the archive path, else the reference. */
  public String printed() {
    return archive != null ? archive : reference;
  }

  /** Whether the images went to a registry (where an SBOM can be attached to them). */
  public boolean inRegistry() {
    return archive == null;
  }
}
