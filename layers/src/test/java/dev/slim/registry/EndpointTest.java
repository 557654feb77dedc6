package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Endpoint} and {@link Proxies}: which host and port credentials go to, and which requests
 * a proxy carries.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EndpointTest {

  @Test
  void credentialsGoOnlyToTheRegistrysOwnHostAndPort() {
    Endpoint r = Endpoint.of("r.example");
    assertThat(r.serves(URI.create("https://r.example/v2/"))).isTrue();
    assertThat(r.serves(URI.create("https://R.Example:443/v2/"))).isTrue();
    assertThat(r.serves(URI.create("http://r.example/v2/"))).isTrue();
    assertThat(r.serves(URI.create("http://r.example:443/v2/"))).isFalse();
    assertThat(r.serves(URI.create("https://r.example:5000/v2/"))).isFalse();
    assertThat(r.serves(URI.create("https://cdn.r.example/v2/"))).isFalse();
    assertThat(r.serves(URI.create("mailto:a@r.example"))).isFalse();

    Endpoint port = Endpoint.of("r.example:5000");
    assertThat(port.serves(URI.create("http://r.example:5000/v2/"))).isTrue();
    assertThat(port.serves(URI.create("http://r.example/v2/"))).isFalse();

    Endpoint v6 = Endpoint.of("[::1]");
    assertThat(v6.loopback()).isTrue();
    assertThat(v6.serves(URI.create("https://[::1]/v2/"))).isTrue();
    assertThat(v6.serves(URI.create("https://[::1]:5000/v2/"))).isFalse();
    assertThat(Endpoint.of("[::1]:5000").serves(URI.create("http://[::1]:5000/v2/"))).isTrue();
  }

  @Test
  void namesTheAddressWithThePortTheSchemeUses() {
    assertThat(Endpoint.of("r.example").address("https")).isEqualTo("r.example:443");
    assertThat(Endpoint.of("r.example").address("http")).isEqualTo("r.example:80");
    assertThat(Endpoint.of("r.example:5000").address("http")).isEqualTo("r.example:5000");
    assertThat(Endpoint.of("[::1]").address("http")).isEqualTo("[::1]:80");
    assertThat(Endpoint.of("[::1]:5000").address("https")).isEqualTo("[::1]:5000");
    assertThat(Endpoint.of("docker.io").base("https"))
        .isEqualTo(URI.create("https://registry-1.docker.io"));
    assertThat(Endpoint.of("index.docker.io").authority()).isEqualTo("registry-1.docker.io");
  }

  @Test
  void takesTheHostOutOfAnAuthority() {
    assertThat(Endpoint.host("[::1]:5000")).isEqualTo("::1");
    assertThat(Endpoint.host("r.example:5000")).isEqualTo("r.example");
    assertThat(Endpoint.host("r.example")).isEqualTo("r.example");
    assertThat(Endpoint.host(":5000")).isEmpty();
    assertThat(Endpoint.isLoopback("LOCALHOST")).isTrue();
    assertThat(Endpoint.isLoopback("127.10.0.1")).isTrue();
    assertThat(Endpoint.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(Endpoint.isLoopback("128.0.0.1")).isFalse();
  }

  @Test
  void noProxyEntriesMatchHostAndPortAsWritten() {
    Proxies proxies = Proxies.fromEnvironment(Map.of("HTTPS_PROXY", "p.example:3128",
        "HTTP_PROXY", "http://p.example:3128", "NO_PROXY", "r.example:443, ::1 ,[::2]:80"));
    assertThat(proxies.forUri(URI.create("https://r.example/v2/"))).isEmpty();
    assertThat(proxies.forUri(URI.create("http://r.example/v2/"))).isPresent();
    assertThat(proxies.forUri(URI.create("https://r.example:443/v2/"))).isEmpty();
    assertThat(proxies.forUri(URI.create("http://[::1]:5000/v2/"))).isEmpty();
    assertThat(proxies.forUri(URI.create("http://[::2]/v2/"))).isEmpty();
    assertThat(proxies.forUri(URI.create("http://[::2]:81/v2/"))).isPresent();
    assertThat(proxies.forUri(URI.create("mailto:x@r.example"))).isEmpty();
  }

  @Test
  void aProxyRouteNamesItsAddressAndKeepsAUserlessPassword() {
    Proxies proxies = Proxies.fromEnvironment(Map.of("http_proxy", "http://:s3cret@[::1]:3128",
        "https_proxy", "http://corp@p.example"));
    Proxies.Route http = proxies.http();
    assertThat(http.address()).isEqualTo("[::1]:3128");
    assertThat(http.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder()
        .encodeToString(":s3cret".getBytes()));
    assertThat(http.proxy().address().toString()).contains("3128");
    Proxies.Route https = proxies.https();
    assertThat(https.address()).isEqualTo("p.example:80");
    assertThat(https.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder()
        .encodeToString("corp:".getBytes()));
    assertThat(https).hasToString("Route[p.example:80, with credentials]");
    assertThat(proxies.secrets()).containsExactly("s3cret");
  }
}
