package dev.slim.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The digests the registry's answers are checked against: sha256, and sha512 when asked for. */
final class ContentDigest {

  private ContentDigest() {}

  static String sha256(byte[] bytes) {
    return "sha256:" + hex("SHA-256", bytes);
  }

  /** The digest of the bytes with the algorithm of {@code like}. */
  static String like(String like, byte[] bytes) {
    return like.startsWith("sha512:") ? "sha512:" + hex("SHA-512", bytes) : sha256(bytes);
  }

  private static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }
}
