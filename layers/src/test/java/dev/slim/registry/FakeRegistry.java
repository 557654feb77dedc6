package dev.slim.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted HTTP server on loopback for unit tests of {@link RegistryClient}: one handler answers
 * every request, and every request is recorded.
 */
final class FakeRegistry implements AutoCloseable {

  /** A request as the server saw it. */
  record Seen(String method, String uri, String authorization, byte[] body) {
    String path() {
      int q = uri.indexOf('?');
      return q < 0 ? uri : uri.substring(0, q);
    }
  }

  /** Answers one request. */
  @FunctionalInterface
  interface Handler {
    void handle(Seen request, Exchange exchange) throws IOException;
  }

  /** The answer being written. */
  static final class Exchange {
    private final HttpExchange exchange;

    Exchange(HttpExchange exchange) {
      this.exchange = exchange;
    }

    Exchange header(String name, String value) {
      exchange.getResponseHeaders().add(name, value);
      return this;
    }

    void send(int status) throws IOException {
      send(status, new byte[0]);
    }

    void send(int status, String body) throws IOException {
      send(status, body.getBytes(StandardCharsets.UTF_8));
    }

    void send(int status, byte[] body) throws IOException {
      boolean head = exchange.getRequestMethod().equals("HEAD");
      if (head || body.length == 0) {
        exchange.sendResponseHeaders(status, -1);
      } else {
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    }

    /** A HEAD answer with a Content-Length but no body. */
    void sendLength(int status, long length) throws IOException {
      exchange.getResponseHeaders().add("Content-Length", Long.toString(length));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    }
  }

  private final HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile Handler handler = (request, exchange) -> exchange.send(404);

  FakeRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Seen request = new Seen(exchange.getRequestMethod(),
            exchange.getRequestURI().toString(),
            exchange.getRequestHeaders().getFirst("Authorization"), body);
        seen.add(request);
        handler.handle(request, new Exchange(exchange));
      } catch (IOException | RuntimeException e) {
        e.printStackTrace();
        throw e;
      }
    });
    server.start();
  }

  FakeRegistry handle(Handler newHandler) {
    this.handler = newHandler;
    return this;
  }

  /** {@code 127.0.0.1:PORT}. */
  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  String url() {
    return "http://" + host();
  }

  List<Seen> requests() {
    return List.copyOf(seen);
  }

  static String errors(String code, String message) {
    return "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}";
  }

  static Map<String, String> query(String uri) {
    int q = uri.indexOf('?');
    if (q < 0) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : uri.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
          StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1),
          StandardCharsets.UTF_8);
      out.merge(key, value, (a, b) -> a + " " + b);
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
