package dev.slim.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 content digests, written as OCI writes them: {@code sha256:} and 64 lowercase hex. */
public final class Digests {

  /** The algorithm prefix of every digest slim makes. */
  public static final String SHA256 = "sha256:";

  private static final Pattern SHA256_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private Digests() {}

  /** A new SHA-256 hasher, for content read in pieces; finish it with {@link #of}. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java has no SHA-256", e);
    }
  }

  /** {@code sha256:<hex>} of the bytes. */
  public static String sha256(byte[] bytes) {
    return SHA256 + sha256Hex(bytes);
  }

  /** The 64 hex digits of the bytes' SHA-256, without the prefix. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** {@code sha256:<hex>} of what the hasher has read; the hasher is reset. */
  public static String of(MessageDigest sha256) {
    if (!sha256.getAlgorithm().equals("SHA-256")) {
      throw new IllegalArgumentException("not a SHA-256 hasher: " + sha256.getAlgorithm());
    }
    return SHA256 + HexFormat.of().formatHex(sha256.digest());
  }

  /** Whether the text is {@code sha256:} followed by 64 lowercase hex digits. */
  public static boolean isSha256(String digest) {
    return digest != null && SHA256_DIGEST.matcher(digest).matches();
  }
}
