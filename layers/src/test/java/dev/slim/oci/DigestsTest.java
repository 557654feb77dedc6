package dev.slim.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** The digest helper against the published SHA-256 test vectors (FIPS 180-2, "abc" and ""). */
class DigestsTest {

  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void sha256OfBytesIsPrefixedLowercaseHex() {
    assertThat(Digests.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("sha256:" + ABC);
    assertThat(Digests.sha256(new byte[0])).isEqualTo("sha256:" + EMPTY);
    assertThat(Digests.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
  }

  @Test
  void streamedDigestEqualsTheOneShotDigestAndResetsTheHasher() {
    MessageDigest sha = Digests.sha256();
    sha.update((byte) 'a');
    sha.update("bc".getBytes(StandardCharsets.US_ASCII));
    assertThat(Digests.of(sha)).isEqualTo("sha256:" + ABC);
    assertThat(Digests.of(sha)).as("reset after use").isEqualTo("sha256:" + EMPTY);
  }

  @Test
  void refusesAHasherOfAnotherAlgorithm() throws Exception {
    assertThatThrownBy(() -> Digests.of(MessageDigest.getInstance("SHA-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a SHA-256 hasher: SHA-1");
  }

  @Test
  void recognisesSha256Digests() {
    assertThat(Digests.isSha256("sha256:" + ABC)).isTrue();
    assertThat(Digests.isSha256("sha256:" + ABC.toUpperCase())).isFalse();
    assertThat(Digests.isSha256("sha256:" + ABC.substring(1))).isFalse();
    assertThat(Digests.isSha256("sha512:" + ABC + ABC)).isFalse();
    assertThat(Digests.isSha256(null)).isFalse();
  }
}
