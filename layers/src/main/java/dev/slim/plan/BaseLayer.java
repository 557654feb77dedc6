package dev.slim.plan;

import java.util.Objects;

/**
 * A layer taken as it is from a base image in a registry: never rebuilt, usually never downloaded.
 *
 * @param mediaType the base manifest's layer media type
 * @param diffId the sha256 of the uncompressed tar, from the base's config
 * @param source {@code registry/repository} to copy or mount it from
 * @param createdBy the base's history entry for it, or a description
 */
public record BaseLayer(
    String mediaType, String digest, long size, String diffId, String source, String createdBy) {

  public BaseLayer {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(createdBy, "createdBy");
    if (size < 0) {
      throw new IllegalArgumentException("negative layer size");
    }
  }
}
