package dev.slim.registry;

import dev.slim.oci.Digests;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digests the registry's answers are checked against: sha256 (as {@link Digests} makes it
 * for every step), and sha512 when asked for.
 */
final class ContentDigest {

  private ContentDigest() {}

  static String sha256(byte[] bytes) {
    return Digests.sha256(bytes);
  }

  /** The digest of the bytes with the algorithm of {@code like}. */
  static String like(String like, byte[] bytes) {
    return like.startsWith("sha512:") ? "sha512:" + sha512Hex(bytes) : sha256(bytes);
  }

  private static String sha512Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is missing from this JVM", e);
    }
  }
}
