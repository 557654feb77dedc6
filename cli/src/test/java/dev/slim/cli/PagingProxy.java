package dev.slim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback proxy in front of a registry that pages {@code tags/list} answers as the
 * distribution spec describes ({@code n}, {@code last}, a {@code Link: <…>; rel="next"} header):
 * Distribution 2.8 ignores {@code n}, so without this a test could not see pagination. Every
 * other request passes through unchanged.
 */
final class PagingProxy implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String upstream;
  final AtomicInteger tagPages = new AtomicInteger();
  /** Answer every DELETE with 405, as Distribution does with deletes disabled. */
  volatile boolean denyDeletes;

  PagingProxy(String upstreamHost) throws IOException {
    this.upstream = "http://" + upstreamHost;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::handle);
    server.start();
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (denyDeletes && exchange.getRequestMethod().equals("DELETE")) {
        byte[] body = ("{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":"
            + "\"The operation is unsupported.\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(405, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      URI uri = exchange.getRequestURI();
      String query = uri.getRawQuery();
      HttpURLConnection c = (HttpURLConnection) URI.create(upstream + uri.getRawPath()
          + (query == null || uri.getPath().endsWith("/tags/list") ? "" : "?" + query))
          .toURL().openConnection();
      c.setInstanceFollowRedirects(false);
      c.setRequestMethod(exchange.getRequestMethod());
      exchange.getRequestHeaders().forEach((k, v) -> {
        if (!k.equalsIgnoreCase("Host") && !k.equalsIgnoreCase("Content-Length")) {
          v.forEach(x -> c.addRequestProperty(k, x));
        }
      });
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (body.length > 0 || exchange.getRequestMethod().equals("PUT")) {
        c.setDoOutput(true);
        c.getOutputStream().write(body);
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      byte[] answer = in == null ? new byte[0] : in.readAllBytes();
      for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
        if (h.getKey() != null && !h.getKey().equalsIgnoreCase("Content-Length")
            && !h.getKey().equalsIgnoreCase("Transfer-Encoding")) {
          exchange.getResponseHeaders().put(h.getKey(), h.getValue());
        }
      }
      if (status == 200 && uri.getPath().endsWith("/tags/list") && query != null) {
        answer = page(exchange, uri, query, answer);
      }
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, head || answer.length == 0 ? -1 : answer.length);
      if (!head && answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  private byte[] page(HttpExchange exchange, URI uri, String query, byte[] all)
      throws IOException {
    int n = Integer.MAX_VALUE;
    String last = null;
    for (String part : query.split("&")) {
      if (part.startsWith("n=")) {
        n = Integer.parseInt(part.substring(2));
      } else if (part.startsWith("last=")) {
        last = part.substring(5);
      }
    }
    JsonNode json = JSON.readTree(all);
    List<String> tags = new java.util.ArrayList<>();
    json.path("tags").forEach(t -> tags.add(t.asText()));
    java.util.Collections.sort(tags);
    int from = 0;
    if (last != null) {
      while (from < tags.size() && tags.get(from).compareTo(last) <= 0) {
        from++;
      }
    }
    int to = Math.min(tags.size(), from + n);
    ObjectNode out = ((ObjectNode) json).deepCopy();
    out.putArray("tags").addAll(tags.subList(from, to).stream()
        .map(out::textNode).toList());
    if (to < tags.size()) {
      exchange.getResponseHeaders().put("Link", List.of("<" + uri.getPath() + "?n=" + n
          + "&last=" + tags.get(to - 1) + ">; rel=\"next\""));
    }
    tagPages.incrementAndGet();
    return JSON.writeValueAsBytes(out);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
