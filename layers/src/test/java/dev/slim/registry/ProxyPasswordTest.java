package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The password of a proxy URL never shows in a message, even when what answers through the proxy
 * echoes it: a scripted server plays the proxy and answers every request itself.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProxyPasswordTest {

  private static final String PASSWORD = "pr0xy-Pa55";
  private static final String DIGEST = "sha256:" + "0".repeat(64);

  private FakeRegistry proxy;

  @BeforeEach
  void start() throws IOException {
    proxy = new FakeRegistry().handle((request, exchange) -> exchange
        .header("Content-Type", "application/json")
        .send(500, FakeRegistry.errors("UNKNOWN", "proxy saw password " + PASSWORD)));
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void anEchoedProxyPasswordIsHidden() {
    RegistryClient client = RegistryClient.builder("127.0.0.1:9").environment(Map.of(
        "HTTP_PROXY", "http://corp:" + PASSWORD + "@" + proxy.host(), "NO_PROXY", "")).build();

    assertThatThrownBy(() -> client.getBlob("app", DIGEST))
        .isInstanceOf(RegistryException.class)
        .hasMessage("cannot read blob " + DIGEST + " of app on registry 127.0.0.1:9:"
            + " unexpected answer 500 Internal Server Error; UNKNOWN: proxy saw password ****");
    assertThat(proxy.requests()).singleElement().satisfies(r ->
        assertThat(r.uri()).isEqualTo("http://127.0.0.1:9/v2/app/blobs/" + DIGEST));
    assertThat(client.requestCount()).isEqualTo(1);
  }
}
