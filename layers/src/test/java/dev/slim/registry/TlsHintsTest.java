package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TlsHints}: telling the ways TLS goes wrong apart, and what the user is told to do. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TlsHintsTest {

  private static Response answer(int status, String... headers) {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], List.of(headers[i + 1]));
    }
    return new Response(status, map, URI.create("http://127.0.0.1:5000/v2/"),
        InputStream.nullInputStream(), () -> { });
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void recognisesAnHttpsServersAnswerToPlainHttp() {
    byte[] go = text("Client sent an HTTP request to an HTTPS server.\n");
    assertThat(TlsHints.httpsServer(answer(400, "Content-Type", "text/plain"), go)).isTrue();
    assertThat(TlsHints.httpsServer(answer(400), new byte[0])).isTrue();
    assertThat(TlsHints.httpsServer(answer(400, "Content-Type", "text/plain"), new byte[0]))
        .isFalse();
    assertThat(TlsHints.httpsServer(answer(400), text("bad request"))).isFalse();
    assertThat(TlsHints.httpsServer(answer(404), go)).isFalse();
    assertThat(TlsHints.httpsServer(answer(200), new byte[0])).isFalse();
  }

  @Test
  void tellsAPlainAnswerAnUntrustedChainAndAnEmptyTrustStoreApart() {
    SSLException plain = new SSLException("Unsupported or unrecognized SSL message");
    SSLException plaintext = new SSLException("Remote host terminated; plaintext connection?");
    SSLException pkix = new SSLException("PKIX path building failed");
    SSLException path = new SSLException("unable to find valid certification path");
    SSLException empty = new SSLException("the trustAnchors parameter must be non-empty");
    SSLException none = new SSLException((String) null);
    SSLException other = new SSLException("Received fatal alert: handshake_failure");

    assertThat(List.of(plain, plaintext, pkix, path, empty, none, other))
        .extracting(TlsHints::plainAnswer)
        .containsExactly(true, true, false, false, false, false, false);
    assertThat(List.of(plain, plaintext, pkix, path, empty, none, other))
        .extracting(TlsHints::untrusted)
        .containsExactly(false, false, true, true, false, false, false);
    assertThat(List.of(plain, plaintext, pkix, path, empty, none, other))
        .extracting(TlsHints::emptyTrustStore)
        .containsExactly(false, false, false, false, true, false, false);
  }

  @Test
  void saysHowToTrustACertificateAndThatInsecureDoesNotSkipChecks() {
    String secure = TlsHints.untrustedCertificate("r.example:443", "r.example", false);
    assertThat(secure).isEqualTo("registry r.example:443 speaks HTTPS with a certificate Java"
        + " does not trust (self-signed, or from a private certificate authority): add the"
        + " certificate to Java's trust store (keytool -importcert -cacerts -alias r.example"
        + " -file CERT.pem) or name a trust store with"
        + " JAVA_TOOL_OPTIONS='-Djavax.net.ssl.trustStore=FILE"
        + " -Djavax.net.ssl.trustStorePassword=PASSWORD'");
    assertThat(TlsHints.untrustedCertificate("r.example:443", "r.example", true))
        .contains("private certificate authority); --insecure-registry allows plain HTTP but"
            + " still checks certificates: add the certificate");
    assertThat(TlsHints.emptyTrustStore("r.example:443")).isEqualTo("cannot check the"
        + " certificate of registry r.example:443: the trust store Java was given"
        + " (javax.net.ssl.trustStore) holds no certificate it can read — check the file and"
        + " give its password with -Djavax.net.ssl.trustStorePassword=PASSWORD");
    assertThat(TlsHints.speaksPlainHttp("r.example:5000", "r.example:5000")).isEqualTo(
        "registry r.example:5000 speaks plain HTTP, not HTTPS: pass --insecure-registry"
            + " r.example:5000 to let slim use plain HTTP with it");
  }
}
