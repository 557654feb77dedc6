package dev.slim.render;

import java.util.Objects;

/**
 * One blob of a built image, as the report shows it.
 *
 * @param size compressed bytes (what is pushed and pulled)
 * @param uncompressedSize bytes once unpacked; null for the config
 * @param holds what the blob holds, for people
 * @param status {@code uploaded}, {@code reused}, {@code mounted}, {@code written} (local
 *     archive) or {@code skipped} (a gate stopped the push)
 * @param origin {@code base} for a layer of the base (slim's static layers or a base image's),
 *     {@code slim} for the binary's layer and the config
 */
public record LayerRow(
    String digest, long size, Long uncompressedSize, String holds, String status, String origin) {

  public LayerRow(String digest, long size, Long uncompressedSize, String holds, String status) {
    this(digest, size, uncompressedSize, holds, status, "slim");
  }

  public LayerRow {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(holds, "holds");
    Objects.requireNonNull(status, "status");
  }

  public boolean transferred() {
    return status.equals("uploaded");
  }

  public boolean reused() {
    return status.equals("reused") || status.equals("mounted");
  }
}
