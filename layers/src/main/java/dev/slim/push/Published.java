package dev.slim.push;

import java.util.List;
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
 * @param references every reference (one per tag), {@code reference} first
 */
public record Published(String reference, String archive, Map<String, BlobStatus> statuses,
    String otherwise, List<String> references) {

  /** Images under one tag. */
  public Published(String reference, String archive, Map<String, BlobStatus> statuses,
      String otherwise) {
    this(reference, archive, statuses, otherwise, List.of(reference));
  }

  public Published {
    Objects.requireNonNull(reference, "reference");
    references = List.copyOf(references);
    if (references.isEmpty() || !references.get(0).equals(reference)) {
      throw new IllegalArgumentException("references start with " + reference);
    }
    statuses = Map.copyOf(statuses);
    Objects.requireNonNull(otherwise, "otherwise");
  }

  /** What the report says happened to the blob {@code digest}. */
  public String status(String digest) {
    BlobStatus status = statuses.get(digest);
    return status == null ? otherwise : status.label();
  }

  /** What stdout gets: the archive path, else every reference, one line each. */
  public String printed() {
    return archive != null ? archive : String.join("\n", references);
  }

  /** Whether the images went to a registry (where an SBOM can be attached to them). */
  public boolean inRegistry() {
    return archive == null;
  }
}
