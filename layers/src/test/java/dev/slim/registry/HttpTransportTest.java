package dev.slim.registry;

import static dev.slim.testing.Gens.longs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link HttpTransport}: no exchange may take longer than its {@link Timeouts} allow. */
class HttpTransportTest {

  private static final long BODY = 48L * 1024 * 1024;

  /** A body of {@code BODY} zero bytes, made as it is read. */
  private static HttpBody zeros() {
    return new HttpBody() {
      @Override
      public long length() {
        return BODY;
      }

      @Override
      public InputStream open() {
        return new InputStream() {
          private long left = BODY;

          @Override
          public int read() {
            return left-- > 0 ? 0 : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
          }
        };
      }
    };
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void givesUpAnUploadWhoseServerStopsReadingTheBody() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Thread acceptor = new Thread(() -> {
        try (Socket ignored = server.accept()) {
          Thread.sleep(60_000);
        } catch (IOException | InterruptedException e) {
          // closed by the test
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v2/app/blobs/uploads/1");
      // 1 s for the answer plus 48 MiB at 16 MiB/s: 4 s in all, far less than the body needs
      // when nobody reads it (the socket buffers hold a few MiB)
      Timeouts timeouts = new Timeouts(Duration.ofSeconds(1), 16L * 1024 * 1024);

      assertThatThrownBy(() -> HttpTransport.send(new HttpTransport.Request("PUT", uri,
          Map.of(), zeros(), timeouts)))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage("no answer within 4 s");
      acceptor.interrupt();
    }
  }

  /**
   * Eight requests at once, ten times over, from one process: the JDK's keep-alive cache must
   * hold all eight connections between rounds (with its default of 5 idle connections per host,
   * three were closed and opened again each round: about 35 connections instead of 8).
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void keepsEveryConnectionOfEightParallelRequestsAlive() throws Exception {
    int parallel = 8;
    int rounds = 10;
    Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    ExecutorService serverThreads = Executors.newFixedThreadPool(parallel);
    server.setExecutor(serverThreads);
    server.createContext("/v2/", exchange -> {
      clientPorts.add(exchange.getRemoteAddress().getPort());
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    ExecutorService clients = Executors.newFixedThreadPool(parallel);
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/");
      CyclicBarrier together = new CyclicBarrier(parallel);
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        done.add(clients.submit(() -> {
          int ok = 0;
          for (int round = 0; round < rounds; round++) {
            together.await(10, TimeUnit.SECONDS);
            Response response = HttpTransport.send(new HttpTransport.Request("GET", uri,
                Map.of(), null, new Timeouts(Duration.ofSeconds(10))));
            response.discard();
            ok += response.status() == 200 ? 1 : 0;
          }
          return ok;
        }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get()).isEqualTo(rounds);
      }
    } finally {
      clients.shutdownNow();
      server.stop(0);
      serverThreads.shutdownNow();
    }

    // kept alive: 8 (a few more when a loaded machine lets an idle one expire after 5 s);
    // with the JDK's default of 5 kept per host, 3 are opened anew every round: 35 or so
    assertThat(clientPorts).as("connections the server accepted")
        .hasSizeLessThan(2 * parallel);
  }

  @Test
  void allowsOneMoreSecondPerMibOfBody() {
    Timeouts timeouts = new Timeouts(Duration.ofSeconds(120));

    assertThat(timeouts.total(0)).isEqualTo(Duration.ofSeconds(120));
    assertThat(timeouts.total(300L * 1024 * 1024)).isEqualTo(Duration.ofSeconds(420));
  }

  @Test
  void aLargerBodyNeverGetsLessTime() {
    qt().withExamples(200).forAll(longs(1, 86_400), longs(0, 1L << 40), longs(0, 1L << 30))
        .checkAssert((seconds, bytes, more) -> {
          Timeouts timeouts = new Timeouts(Duration.ofSeconds(seconds));

          assertThat(timeouts.total(bytes)).isGreaterThanOrEqualTo(timeouts.answer());
          assertThat(timeouts.total(bytes + more)).isGreaterThanOrEqualTo(timeouts.total(bytes));
        });
  }

  @Test
  void readsTheTimeoutFromTheEnvironmentAndNamesTheVariableWhenItIsWrong() {
    assertThat(Timeouts.fromEnvironment(Map.of()).answer()).isEqualTo(Duration.ofSeconds(120));
    assertThat(Timeouts.fromEnvironment(Map.of("SLIM_REGISTRY_TIMEOUT", "5")).answer())
        .isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> Timeouts.fromEnvironment(Map.of("SLIM_REGISTRY_TIMEOUT", "5m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SLIM_REGISTRY_TIMEOUT=5m is not a number of seconds from 1 to 86400");
  }
}
