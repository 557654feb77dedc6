package dev.slim.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

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
  /** Repository whose tag pages always link to the same next page: a true loop. */
  volatile String repeatingRepository;
  /** Repository whose tag list never ends: page k holds 100 new names and links to page k+1. */
  volatile String endlessRepository;
  /** Repository whose one tag page lists this many synthetic names, written as generated. */
  volatile String hugeRepository;
  volatile int hugeTags = 1_000_000;
  /** Tag whose manifest read is redirected to a URL that answers 404 ({@code repo:tag}). */
  volatile String redirectedTag;
  /** Names added to a repository's tag list ({@code repo} to names), as a hostile registry may. */
  final Map<String, List<String>> extraTags = new java.util.concurrent.ConcurrentHashMap<>();
  /** Names added to the catalog. */
  final List<String> extraRepositories = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** How long every request waits before it is forwarded: a slow registry. */
  volatile long delayMillis;

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
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
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
      if (hostile(exchange, uri)) {
        return;
      }
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
      if (status == 200 && uri.getPath().endsWith("/tags/list")) {
        answer = withExtra(answer, "tags", extraTags.getOrDefault(repository(uri), List.of()));
      }
      if (status == 200 && uri.getPath().equals("/v2/_catalog")) {
        answer = withExtra(answer, "repositories", extraRepositories);
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

  /** Answers the hostile cases itself; false when the request goes upstream. */
  private boolean hostile(HttpExchange exchange, URI uri) throws IOException {
    String path = uri.getPath();
    String repo = repository(uri);
    if (path.startsWith("/gone/")) {
      send(exchange, 404, "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"gone\"}]}");
      return true;
    }
    String redirected = redirectedTag;
    if (redirected != null && path.equals("/v2/" + redirected.replace(":", "/manifests/"))) {
      exchange.getResponseHeaders().add("Location", "/gone" + path + "?X-Amz-Signature=secret");
      exchange.sendResponseHeaders(307, -1);
      return true;
    }
    if (!path.endsWith("/tags/list") || repo == null) {
      return false;
    }
    if (repo.equals(repeatingRepository)) {
      exchange.getResponseHeaders().add("Link", "<" + path + "?n=100&last=a>; rel=\"next\"");
      send(exchange, 200, "{\"name\":\"" + repo + "\",\"tags\":[\"a\",\"b\"]}");
      tagPages.incrementAndGet();
      return true;
    }
    if (repo.equals(endlessRepository)) {
      String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
      int page = query.contains("last=p") ? Integer.parseInt(
          query.replaceAll(".*last=p(\\d+)-.*", "$1")) + 1 : 0;
      StringBuilder body = new StringBuilder("{\"name\":\"" + repo + "\",\"tags\":[");
      for (int i = 0; i < 100; i++) {
        body.append(i == 0 ? "" : ",").append(String.format("\"p%07d-%02d\"", page, i));
      }
      exchange.getResponseHeaders().add("Link", "<" + path + "?n=100&last="
          + String.format("p%07d-99", page) + ">; rel=\"next\"");
      send(exchange, 200, body.append("]}").toString());
      tagPages.incrementAndGet();
      return true;
    }
    if (repo.equals(hugeRepository)) {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      tagPages.incrementAndGet();
      try (var out = new java.io.BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
        out.write(("{\"name\":\"" + repo + "\",\"tags\":[").getBytes(UTF_8));
        for (int i = 0; i < hugeTags; i++) {
          out.write(((i == 0 ? "\"" : ",\"") + "t" + i + "\"").getBytes(UTF_8));
        }
        out.write("]}".getBytes(UTF_8));
      } catch (IOException clientStoppedReading) {
        // slim may stop reading a page that is too long: that is the point
      }
      return true;
    }
    return false;
  }

  /** {@code team/app} of {@code /v2/team/app/tags/list} or {@code …/manifests/REF}. */
  private static String repository(URI uri) {
    String path = uri.getPath();
    for (String end : List.of("/tags/list", "/manifests/")) {
      int at = path.indexOf(end);
      if (path.startsWith("/v2/") && at > 4) {
        return path.substring(4, at);
      }
    }
    return null;
  }

  private static byte[] withExtra(byte[] answer, String field, List<String> extra)
      throws IOException {
    if (extra.isEmpty()) {
      return answer;
    }
    ObjectNode json = (ObjectNode) JSON.readTree(answer);
    extra.forEach(json.withArray(field)::add);
    return JSON.writeValueAsBytes(json);
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
