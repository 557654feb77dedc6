package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxiesTest {

  private static Optional<String> proxyFor(Map<String, String> env, String uri) {
    return Proxies.fromEnvironment(env).forUri(URI.create(uri)).map(Proxies.Route::address);
  }

  @Test
  void picksTheProxyByScheme() {
    Map<String, String> env = Map.of("HTTPS_PROXY", "http://secure:3128",
        "HTTP_PROXY", "plain:8080");

    assertThat(proxyFor(env, "https://ghcr.io/v2/")).contains("secure:3128");
    assertThat(proxyFor(env, "http://registry.example/v2/")).contains("plain:8080");
    assertThat(proxyFor(Map.of("HTTP_PROXY", "http://plain"), "https://ghcr.io/v2/")).isEmpty();
    assertThat(proxyFor(Map.of("HTTP_PROXY", "http://plain"), "http://r.example/v2/"))
        .contains("plain:80");
  }

  @Test
  void readsLowerCaseNamesAndPrefersUpperCaseAsGoDoes() {
    assertThat(proxyFor(Map.of("https_proxy", "http://lower:1"), "https://ghcr.io/"))
        .contains("lower:1");
    assertThat(proxyFor(Map.of("https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2"),
        "https://ghcr.io/")).contains("upper:2");
    assertThat(proxyFor(Map.of("HTTPS_PROXY", "http://p:1", "no_proxy", "ghcr.io"),
        "https://ghcr.io/")).isEmpty();
  }

  @Test
  void bypassesHostsNoProxyLists() {
    Map<String, String> env = Map.of("HTTPS_PROXY", "http://p:1",
        "NO_PROXY", " internal.example, .corp.example,10.0.0.5,registry.example:5000 ");

    assertThat(proxyFor(env, "https://internal.example/")).isEmpty();
    assertThat(proxyFor(env, "https://eu.internal.example/")).isEmpty();
    assertThat(proxyFor(env, "https://notinternal.example/")).contains("p:1");
    assertThat(proxyFor(env, "https://a.corp.example/")).isEmpty();
    assertThat(proxyFor(env, "https://corp.example/")).contains("p:1");
    assertThat(proxyFor(env, "https://10.0.0.5/")).isEmpty();
    assertThat(proxyFor(env, "https://registry.example:5000/")).isEmpty();
    assertThat(proxyFor(env, "https://registry.example/")).contains("p:1");
    assertThat(proxyFor(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*"),
        "https://ghcr.io/")).isEmpty();
  }

  @Test
  void reachesLoopbackDirectlyUntilNoProxyIsSet() {
    Map<String, String> unset = Map.of("HTTP_PROXY", "http://p:1");
    for (String host : new String[] {"localhost:5000", "127.0.0.1:5000", "[::1]:5000"}) {
      assertThat(proxyFor(unset, "http://" + host + "/v2/")).as(host).isEmpty();
      assertThat(proxyFor(Map.of("HTTP_PROXY", "http://p:1", "NO_PROXY", ""),
          "http://" + host + "/v2/")).as(host).contains("p:1");
    }
    assertThat(proxyFor(Map.of("HTTP_PROXY", "http://p:1", "NO_PROXY", "localhost"),
        "http://localhost:5000/v2/")).isEmpty();
  }

  @Test
  void sendsTheUrlsCredentialsAsBasicAndKnowsThePasswordAsASecret() {
    Proxies proxies = Proxies.fromEnvironment(Map.of("HTTPS_PROXY",
        "http://me%40corp:p%3Ass+w@proxy.corp:3128"));
    Proxies.Route route = proxies.https();

    assertThat(route.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
        "me@corp:p:ss+w".getBytes(StandardCharsets.UTF_8)));
    assertThat(proxies.secrets()).containsExactly("p:ss+w");
    assertThat(route.toString()).isEqualTo("Route[proxy.corp:3128, with credentials]");
  }

  @Test
  void refusesAProxyUrlItCannotUseWithoutEchoingIt() {
    assertThatThrownBy(() -> Proxies.fromEnvironment(Map.of("https_proxy",
        "socks5://user:hunter2@proxy:1080")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("https_proxy is not a proxy URL slim can use: write"
            + " http://[USER:PASSWORD@]HOST[:PORT] (only HTTP proxies are supported)");
  }

  @Test
  void namesNoProxyWhenNothingIsSet() {
    assertThat(Proxies.fromEnvironment(Map.of())).isEqualTo(Proxies.NONE);
  }
}
