package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.registry.RegistryException.Kind;
import dev.slim.testing.RegistryServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wrong scheme, or a certificate Java does not trust, against real loopback registries: the
 * message names the cause and the fix instead of "unexpected answer 400 Bad Request".
 */
class TlsRegistryTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @BeforeAll
  static void needsTheRegistry() {
    RegistryServer.assumeAvailable();
  }

  private static String untrusted(String host, String insecureNote) {
    return "registry " + host + " speaks HTTPS with a certificate Java does not trust"
        + " (self-signed, or from a private certificate authority)" + insecureNote
        + ": add the certificate to Java's trust store (keytool -importcert -cacerts -alias"
        + " 127.0.0.1 -file CERT.pem) or name a trust store with"
        + " JAVA_TOOL_OPTIONS='-Djavax.net.ssl.trustStore=FILE"
        + " -Djavax.net.ssl.trustStorePassword=PASSWORD'";
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void namesPlainHttpWhenHttpsIsSpokenToAPlainHttpPort() throws Exception {
    try (RegistryServer registry = RegistryServer.start()) {
      RegistryClient client = RegistryClient.builder(registry.host())
          .plainHttpForLoopback(false).build();

      assertThatThrownBy(() -> client.blobSize("app", DIGEST))
          .isInstanceOfSatisfying(RegistryException.class, e ->
              org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(Kind.TLS))
          .hasMessage("registry " + registry.host() + " speaks plain HTTP, not HTTPS: pass"
              + " --insecure-registry " + registry.host() + " to let slim use plain HTTP with it");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void switchesToHttpsWhenALoopbackRegistrySaysItSpeaksHttpsAndNamesTheUntrustedCertificate()
      throws Exception {
    try (RegistryServer registry = RegistryServer.startWithTls()) {
      RegistryClient client = RegistryClient.builder(registry.host()).build();

      assertThatThrownBy(() -> client.blobSize("app", DIGEST))
          .isInstanceOfSatisfying(RegistryException.class, e ->
              org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(Kind.TLS))
          .hasMessage(untrusted(registry.host(), ""));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void saysThatInsecureRegistryStillChecksTheCertificateOfAnHttpsRegistry() throws Exception {
    try (RegistryServer registry = RegistryServer.startWithTls()) {
      RegistryClient client = RegistryClient.builder(registry.host())
          .plainHttpForLoopback(false).insecure(true).build();

      assertThatThrownBy(() -> client.blobSize("app", DIGEST))
          .isInstanceOfSatisfying(RegistryException.class, e ->
              org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(Kind.TLS))
          .hasMessage(untrusted(registry.host(),
              "; --insecure-registry allows plain HTTP but still checks certificates"));
    }
  }
}
