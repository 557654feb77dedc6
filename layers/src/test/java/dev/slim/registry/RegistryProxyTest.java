package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.registry.RegistryException.Kind;
import dev.slim.testing.ForwardProxy;
import dev.slim.testing.RegistryExtension;
import dev.slim.testing.RegistryServer;
import dev.slim.testing.TinyImage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pushes to the real registry through a {@link ForwardProxy}, configured as users configure
 * curl and Docker: {@code HTTP_PROXY}/{@code HTTPS_PROXY} with credentials in the URL, and {@code
 * NO_PROXY}, in the client's environment map.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryProxyTest {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  private static final String USER = "corp";
  private static final String PASSWORD = "pr0xy-s3cret";
  private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
      (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  private static String repo() {
    return "proxied/app-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static RegistryClient client(String host, Map<String, String> env) {
    return RegistryClient.builder(host).environment(env).build();
  }

  private static String push(RegistryClient client, String repo) throws Exception {
    return TinyImage.push(client, repo, "v1", "2024-01-01T00:00:00Z", "via proxy " + repo, null);
  }

  @Test
  void pushesThroughTheProxyWithTheCredentialsOfItsUrl() throws Exception {
    String repo = repo();
    try (ForwardProxy proxy = ForwardProxy.start().requireCredentials(BASIC)) {
      RegistryClient client = client(registry.host(), Map.of(
          "http_proxy", "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + proxy.port(),
          "NO_PROXY", ""));

      String digest = push(client, repo);

      assertThat(RegistryClient.builder(registry.host()).build().getManifest(repo, "v1")
          .orElseThrow().digest()).isEqualTo(digest);
      assertThat(proxy.passed()).hasSize(client.requestCount())
          .allSatisfy(p -> {
            assertThat(p.target()).startsWith("http://" + registry.host() + "/v2/");
            assertThat(p.proxyAuthorization()).isEqualTo(BASIC);
          });
    }
  }

  @Test
  void reachesALoopbackRegistryDirectlyUnlessNoProxyIsSet() throws Exception {
    try (ForwardProxy proxy = ForwardProxy.start()) {
      String url = "http://127.0.0.1:" + proxy.port();

      push(client(registry.host(), Map.of("HTTP_PROXY", url)), repo());
      assertThat(proxy.passed()).isEmpty();

      push(client(registry.host(), Map.of("HTTP_PROXY", url, "no_proxy",
          "example.com,127.0.0.1")), repo());
      assertThat(proxy.passed()).isEmpty();

      push(client(registry.host(), Map.of("HTTP_PROXY", url, "NO_PROXY", "example.com")),
          repo());
      assertThat(proxy.passed()).isNotEmpty();
    }
  }

  @Test
  void namesARefusedProxyPasswordWithoutShowingIt() throws Exception {
    try (ForwardProxy proxy = ForwardProxy.start().requireCredentials(BASIC)) {
      RegistryClient client = client(registry.host(), Map.of("HTTP_PROXY",
          "http://" + USER + ":wrong-" + PASSWORD + "@127.0.0.1:" + proxy.port(),
          "NO_PROXY", ""));

      assertThatThrownBy(() -> push(client, repo()))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
          .hasMessageStartingWith("the proxy to registry " + registry.host() + " refused the"
              + " request: cannot check blob ")
          .hasMessageEndingWith("(407 Proxy Authentication Required) — check the user and"
              + " password in the proxy URL (HTTP_PROXY, http_proxy)")
          .hasMessageNotContaining(PASSWORD);
    }
  }

  @Test
  void opensATunnelWithTheProxyCredentialsForHttps() throws Exception {
    try (RegistryServer tls = RegistryServer.startWithTls();
        ForwardProxy proxy = ForwardProxy.start().requireCredentials(BASIC)) {
      RegistryClient client = RegistryClient.builder(tls.host()).plainHttpForLoopback(false)
          .environment(Map.of("HTTPS_PROXY", "http://" + USER + ":" + PASSWORD + "@127.0.0.1:"
              + proxy.port(), "NO_PROXY", "")).build();

      // the handshake reaches the real registry through the tunnel: its certificate is the
      // registry's self-signed one, which this JVM does not trust
      assertThatThrownBy(() -> client.blobSize("app", ContentDigest.sha256(new byte[0])))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.TLS))
          .hasMessageStartingWith("registry " + tls.host() + " speaks HTTPS with a certificate"
              + " Java does not trust");
      assertThat(proxy.passed()).isNotEmpty().allSatisfy(p -> {
        assertThat(p.method()).isEqualTo("CONNECT");
        assertThat(p.target()).isEqualTo(tls.host());
        assertThat(p.proxyAuthorization()).isEqualTo(BASIC);
      });
    }
  }

  @Test
  void saysTheTunnelWasRefusedWithoutShowingThePassword() throws Exception {
    try (RegistryServer tls = RegistryServer.startWithTls();
        ForwardProxy proxy = ForwardProxy.start().requireCredentials(BASIC)) {
      RegistryClient client = RegistryClient.builder(tls.host()).plainHttpForLoopback(false)
          .environment(Map.of("https_proxy", "http://" + USER + ":bad" + PASSWORD
              + "@127.0.0.1:" + proxy.port(), "no_proxy", "")).build();

      assertThatThrownBy(() -> client.blobSize("app", ContentDigest.sha256(new byte[0])))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("proxy 127.0.0.1:" + proxy.port() + " did not open a tunnel to "
              + tls.host() + ": 407 Proxy Authentication Required — check the user and password"
              + " in the proxy URL")
          .hasMessageNotContaining(PASSWORD);
    }
  }
}
