package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Redactor} at its edges: secrets with characters JSON escapes, Bearer values that are
 * words, Basic values that are not credentials, nothing to redact.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RedactorEdgesTest {

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void hidesASecretAsAJsonStringWritesIt() {
    String secret = "pa\"ss\\wo\trd";
    Redactor redactor = new Redactor(new Credentials("alice", secret), List::of);
    String echoed = "{\"errors\":[{\"message\":\"bad pa\\\"ss\\\\wo\\u0009rd.\"}]}";

    assertThat(redactor.redact(echoed)).isEqualTo("{\"errors\":[{\"message\":\"bad ****.\"}]}");
    assertThat(redactor.redact("raw " + secret + " end")).isEqualTo("raw **** end");
  }

  @Test
  void hidesBearerValuesThatLookLikeTokensButNotWords() {
    Redactor anonymous = Redactor.ANONYMOUS;
    assertThat(anonymous.redact("got Bearer eyJhbGci.OiJ9 back"))
        .isEqualTo("got Bearer **** back");
    assertThat(anonymous.redact("use Bearer authentication here"))
        .isEqualTo("use Bearer authentication here");
    assertThat(anonymous.redact("Bearer short1")).isEqualTo("Bearer short1");
  }

  @Test
  void hidesOnlyBasicValuesThatDecodeToAUserAndPassword() {
    Redactor anonymous = Redactor.ANONYMOUS;
    assertThat(anonymous.redact("Basic " + base64("bob:pw"))).isEqualTo("Basic ****");
    assertThat(anonymous.redact("Basic " + base64(":pw"))).isEqualTo("Basic " + base64(":pw"));
    assertThat(anonymous.redact("Basic " + base64("nocolon")))
        .isEqualTo("Basic " + base64("nocolon"));
    assertThat(anonymous.redact("Basic x")).isEqualTo("Basic x");
    assertThat(anonymous.redact("Basic realm=\"registry\"")).isEqualTo("Basic realm=\"registry\"");
    String notUtf8 = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'a'});
    assertThat(anonymous.redact("Basic " + notUtf8)).isEqualTo("Basic " + notUtf8);
  }

  @Test
  void leavesNothingAndEmptinessAsTheyAre() {
    Redactor redactor = new Redactor(new Credentials("alice", "s3cret"), () -> List.of("tok1"));
    assertThat(redactor.redact(null)).isNull();
    assertThat(redactor.redact("")).isEmpty();
    assertThat(redactor.redact("password=**** and token=****"))
        .isEqualTo("password=**** and token=****");
    assertThat(redactor.redact("secret=abc")).isEqualTo("secret=****");
  }

  @Test
  void aTokenThatContainsThePasswordIsHiddenWhole() {
    Redactor redactor = new Redactor(new Credentials("alice", "s3cret"),
        () -> List.of("xx-s3cret-yy"));
    assertThat(redactor.redact("sent xx-s3cret-yy and s3cret"))
        .isEqualTo("sent **** and ****");
  }
}
