package dev.slim.image;

import java.util.Objects;
import java.util.regex.Pattern;

/** A content descriptor: media type, {@code sha256:} digest and size in bytes. */
public record Descriptor(String mediaType, String digest, long size) {

  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    if (!SHA256.matcher(digest).matches()) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size");
    }
  }

  /** The hex part of the digest, as used in blob paths. */
  public String hex() {
    return digest.substring("sha256:".length());
  }
}
