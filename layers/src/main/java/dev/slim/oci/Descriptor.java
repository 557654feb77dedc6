package dev.slim.oci;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content descriptor: what a manifest or index says about a blob it points to. slim's own
 * images have {@code sha256:} digests only; a registry's manifests may use any algorithm the OCI
 * digest grammar allows ({@code sha512:…}).
 *
 * @param mediaType the blob's media type
 * @param digest {@code algorithm:encoded}, e.g. {@code sha256:} and 64 lowercase hex digits
 * @param size the blob's size in bytes (compressed, for a layer)
 */
public record Descriptor(String mediaType, String digest, long size) {

  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (!DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("not a digest: " + digest);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + digest);
    }
  }

  /** The part after the algorithm (the hex of a {@code sha256:} digest), as used in blob paths. */
  public String hex() {
    return digest.substring(digest.indexOf(':') + 1);
  }
}
