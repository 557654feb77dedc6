package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link RegistryTransport}: which redirects it follows, when it falls back, what it resends. */
class RegistryTransportTest {

  private static final List<String> PULL = Protocol.pullScope("app");

  private FakeRegistry server;

  @BeforeEach
  void start() throws IOException {
    server = new FakeRegistry();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static RegistryTransport transport(String host) {
    return new RegistryTransport(Endpoint.of(host), null, false, "slim-test", true,
        Timeouts.defaults());
  }

  @Test
  void redirectsAreThe3xxThatNameANewPlace() {
    for (int status : new int[] {301, 302, 303, 307, 308}) {
      assertThat(RegistryTransport.isRedirect(status)).as("status %d", status).isTrue();
    }
    for (int status : new int[] {200, 300, 304, 305, 400}) {
      assertThat(RegistryTransport.isRedirect(status)).as("status %d", status).isFalse();
    }
  }

  @Test
  void only303TurnsTheMethodIntoGetAndNeverAHead() {
    assertThat(RegistryTransport.redirectedMethod(303, "POST")).isEqualTo("GET");
    assertThat(RegistryTransport.redirectedMethod(303, "HEAD")).isEqualTo("HEAD");
    assertThat(RegistryTransport.redirectedMethod(307, "POST")).isEqualTo("POST");
    assertThat(RegistryTransport.redirectedMethod(302, "PUT")).isEqualTo("PUT");
  }

  @Test
  void fallsBackToHttpOnlyForAnInsecureRegistrysOwnHostWhenTlsOrTheConnectionFails() {
    Endpoint registry = Endpoint.of("r.example");
    URI https = URI.create("https://r.example/v2/app/blobs/x");
    IOException tls = new SSLHandshakeException("Unsupported or unrecognized SSL message");
    IOException refused = new ConnectException("Connection refused");
    IOException unknown = new ConnectException("r.example");
    unknown.initCause(new UnresolvedAddressException());

    assertThat(RegistryTransport.mayFallBackToHttp(true, registry, https, tls)).isTrue();
    assertThat(RegistryTransport.mayFallBackToHttp(true, registry, https, refused)).isTrue();
    assertThat(RegistryTransport.mayFallBackToHttp(true, registry, https, unknown)).isFalse();
    assertThat(RegistryTransport.mayFallBackToHttp(true, registry, https,
        new IOException("Connection reset"))).isFalse();
    assertThat(RegistryTransport.mayFallBackToHttp(false, registry, https, tls)).isFalse();
    assertThat(RegistryTransport.mayFallBackToHttp(true, registry,
        URI.create("http://r.example/v2/"), refused)).isFalse();
    assertThat(RegistryTransport.mayFallBackToHttp(true, registry,
        URI.create("https://storage.example/blob"), tls)).isFalse();
  }

  @Test
  void followsFiveRedirectsOfAReadAndReturnsTheSixth() throws Exception {
    AtomicInteger hops = new AtomicInteger();
    server.handle((request, exchange) ->
        exchange.header("Location", "/hop/" + hops.incrementAndGet()).send(307));
    RegistryTransport transport = transport(server.host());

    Response response = transport.send(Call.of("GET", "/v2/app/blobs/x", PULL, "read")
        .redirectable());

    assertThat(response.status()).isEqualTo(307);
    assertThat(response.header("Location")).contains("/hop/6");
    assertThat(server.requests()).extracting(FakeRegistry.Seen::path)
        .containsExactly("/v2/app/blobs/x", "/hop/1", "/hop/2", "/hop/3", "/hop/4", "/hop/5");
    assertThat(transport.requestCount()).isEqualTo(6);
  }

  @Test
  void doesNotFollowTheRedirectOfACallThatIsNoRead() throws Exception {
    server.handle((request, exchange) -> exchange.header("Location", "/elsewhere").send(307));
    RegistryTransport transport = transport(server.host());

    Response response = transport.send(Call.of("PUT", "/v2/app/manifests/1", PULL, "push")
        .body(HttpBody.of("{}")));

    assertThat(response.status()).isEqualTo(307);
    assertThat(server.requests()).singleElement()
        .satisfies(seen -> assertThat(seen.method()).isEqualTo("PUT"));
  }

  @Test
  void a303LeadsAPostOnAsAGetWithoutItsBody() throws Exception {
    server.handle((request, exchange) -> {
      if (request.path().equals("/v2/start")) {
        exchange.header("Location", "/v2/done").send(303);
      } else {
        exchange.send(200);
      }
    });

    Response response = transport(server.host()).send(Call.of("POST", "/v2/start", PULL, "start")
        .body(HttpBody.of("payload")).redirectable());

    assertThat(response.status()).isEqualTo(200);
    assertThat(server.requests()).extracting(FakeRegistry.Seen::method)
        .containsExactly("POST", "GET");
    assertThat(server.requests().get(0).body()).asString().isEqualTo("payload");
    assertThat(server.requests().get(1).body()).isEmpty();
  }

  @Test
  void returnsTheThirdBusyAnswerAndCountsEveryTry() throws Exception {
    server.handle((request, exchange) -> exchange.header("Retry-After", "0").send(429));
    RegistryTransport transport = transport(server.host());

    Response response = transport.send(Call.of("GET", "/v2/app/tags/list", PULL, "list"));

    assertThat(response.status()).isEqualTo(429);
    assertThat(transport.requestCount()).isEqualTo(Retries.MAX_TRIES).isEqualTo(3);
  }

  @Test
  void aMalformedLocationIsAProtocolFailure() {
    server.handle((request, exchange) -> exchange.header("Location", "http://[::1").send(302));
    RegistryTransport transport = transport(server.host());

    assertThatThrownBy(() -> transport.send(Call.of("GET", "/v2/app/blobs/x", PULL,
        "read blob x of app").redirectable()))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
        .hasMessage("registry " + server.host() + " sent a malformed Location: cannot read blob x"
            + " of app");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void sendsAReadAgainWhenItsConnectionDropsButNeverAnUpload() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
      AtomicInteger connections = new AtomicInteger();
      Thread resetter = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket connection = socket.accept()) {
            connections.incrementAndGet();
            readHead(connection.getInputStream());
            connection.setSoLinger(true, 0);
          } catch (IOException e) {
            // Closed, or the client went away.
          }
        }
      });
      resetter.setDaemon(true);
      resetter.start();
      RegistryTransport transport = transport("127.0.0.1:" + socket.getLocalPort());

      assertThatThrownBy(() -> transport.send(Call.of("GET", "/v2/app/tags/list", PULL, "list")))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
      assertThat(transport.requestCount()).isEqualTo(2);

      assertThatThrownBy(() -> transport.send(Call.of("PUT", "/v2/app/blobs/uploads/1", PULL,
          "upload").body(HttpBody.EMPTY).asUpload()))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
      assertThat(transport.requestCount()).isEqualTo(3);
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b; matched < 4 && (b = in.read()) >= 0; ) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }
}
