package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.testing.RegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slim build --push} to a real registry that speaks only HTTPS with a self-signed
 * certificate: the error says the certificate is not trusted and how to trust it, and following
 * that advice makes the push work.
 */
class RegistryTlsIT {

  private static RegistryServer registry;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    RegistryServer.assumeAvailable();
    registry = RegistryServer.startWithTls();
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private Map<String, String> environment(String javaOptions) throws Exception {
    Path config = Files.createDirectories(tmp.resolve("docker-empty"));
    Files.writeString(config.resolve("config.json"), "{}");
    return javaOptions == null ? Map.of("DOCKER_CONFIG", config.toString(), "CI", "true")
        : Map.of("DOCKER_CONFIG", config.toString(), "CI", "true",
            "JAVA_TOOL_OPTIONS", javaOptions);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void anUntrustedCertificateIsNamedWithHowToTrustIt() throws Exception {
    SlimProcess.Run run = SlimProcess.run(tmp, environment(null), null, "build",
        fixture("c-musl-static").toString(), "--image", registry.host() + "/tls/app:1",
        "--push");

    assertThat(run.exit()).isEqualTo(4);
    assertThat(run.err()).contains("slim: registry " + registry.host() + " speaks HTTPS with a"
        + " certificate Java does not trust (self-signed, or from a private certificate"
        + " authority): add the certificate to Java's trust store (keytool -importcert -cacerts"
        + " -alias 127.0.0.1 -file CERT.pem) or name a trust store with"
        + " JAVA_TOOL_OPTIONS='-Djavax.net.ssl.trustStore=FILE"
        + " -Djavax.net.ssl.trustStorePassword=PASSWORD'\n")
        .doesNotContain("Exception").doesNotContain("400 Bad Request");
  }

  private Path trustStore() throws Exception {
    Path store = tmp.resolve("trust.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "keytool").toString(), "-importcert", "-noprompt", "-alias", "registry", "-file",
        registry.certificate().toString(), "-keystore", store.toString(), "-storetype",
        "PKCS12", "-storepass", "changeit").redirectErrorStream(true).start();
    String said = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(said).isZero();
    return store;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aTrustStoreWithoutItsPasswordIsNamed() throws Exception {
    SlimProcess.Run run = SlimProcess.run(tmp,
        environment("-Djavax.net.ssl.trustStore=" + trustStore()), null, "build",
        fixture("c-musl-static").toString(), "--image", registry.host() + "/tls/app:4",
        "--push");

    assertThat(run.exit()).isEqualTo(4);
    assertThat(run.err()).contains("slim: cannot check the certificate of registry "
        + registry.host() + ": the trust store Java was given (javax.net.ssl.trustStore) holds"
        + " no certificate it can read — check the file and give its password with"
        + " -Djavax.net.ssl.trustStorePassword=PASSWORD\n");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void pushesOnceTheCertificateIsInTheNamedTrustStore() throws Exception {
    SlimProcess.Run run = SlimProcess.run(tmp, environment("-Djavax.net.ssl.trustStore="
        + trustStore() + " -Djavax.net.ssl.trustStorePassword=changeit"), null, "build",
        fixture("c-musl-static").toString(), "--image", registry.host() + "/tls/app:2",
        "--push");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith(registry.host() + "/tls/app:2@sha256:");
    Process skopeo = new ProcessBuilder(List.of("skopeo", "inspect", "--tls-verify=false",
        "docker://" + registry.host() + "/tls/app:2")).redirectErrorStream(true).start();
    String inspected = new String(skopeo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(skopeo.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(skopeo.exitValue()).as(inspected).isZero();
    assertThat(inspected).contains("\"Digest\": \"" + run.out().strip().substring(
        run.out().indexOf('@') + 1) + "\"");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aMalformedRegistryTimeoutIsAUsageError() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(environment(null));
    env.put("SLIM_REGISTRY_TIMEOUT", "2m");
    SlimProcess.Run run = SlimProcess.run(tmp, env, null, "build",
        fixture("c-musl-static").toString(), "--image", registry.host() + "/tls/app:3",
        "--push");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(
        "slim: SLIM_REGISTRY_TIMEOUT=2m is not a number of seconds from 1 to 86400");
  }
}
