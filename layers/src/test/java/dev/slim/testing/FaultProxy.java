package dev.slim.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 proxy on a loopback port in front of a real server (a {@link RegistryServer}), that
 * forwards every request unless a rule says to inject a fault into it. Rules match the method, a
 * regular expression over the whole path (without the query) and the nth match (1-based, or
 * {@link #EVERY}); the first rule whose turn it is decides. Each client connection carries one
 * exchange ({@code Connection: close}), so a fault never touches another request.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(registry.port())) {
 *   proxy.on("PUT", "/v2/.+/blobs/uploads/.+", 1, FaultProxy.dropAfter(4096));
 *   ... push to proxy.host() ...
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

  /** {@code nth} for a rule that matches every request. */
  public static final int EVERY = 0;

  /** What to do to one request instead of forwarding it faithfully. */
  public sealed interface Fault permits DropAfter, LoseAnswer, Stall, Answer {}

  /** Forwards the head and the first {@code bytes} of the body, then closes both connections. */
  public record DropAfter(long bytes) implements Fault {}

  /** Forwards the whole request and reads the server's answer, then closes without answering. */
  public record LoseAnswer() implements Fault {}

  /** Reads the whole request and never answers (until the proxy closes). */
  public record Stall() implements Fault {}

  /** Reads the whole request and answers this instead of forwarding it. */
  public record Answer(int status, Map<String, String> headers, String body) implements Fault {
    public Answer {
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }
  }

  /** A request the proxy saw, and the fault it got ({@code null}: forwarded). */
  public record Seen(String method, String path, Fault fault) {}

  private record Rule(String method, Pattern path, boolean withQuery, int nth, Fault fault,
      AtomicInteger count) {}

  public static Fault dropAfter(long bytes) {
    return new DropAfter(bytes);
  }

  public static Fault loseAnswer() {
    return new LoseAnswer();
  }

  public static Fault stall() {
    return new Stall();
  }

  public static Fault answer(int status, Map<String, String> headers, String body) {
    return new Answer(status, headers, body);
  }

  /** A registry error answer: {@code {"errors":[{"code":CODE,"message":MESSAGE}]}}. */
  public static Fault registryError(int status, String code, String message) {
    return answer(status, Map.of("Content-Type", "application/json"),
        "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}");
  }

  /** What Distribution answers for an upload session it no longer knows. */
  public static Fault expireSession() {
    return registryError(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
  }

  /** 401 with this {@code WWW-Authenticate} challenge, such as {@code Basic realm="x"}. */
  public static Fault unauthorized(String challenge) {
    return answer(401, Map.of("WWW-Authenticate", challenge, "Content-Type", "application/json"),
        "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
  }

  /** 429 or 503 with {@code Retry-After: 0}. */
  public static Fault busy(int status) {
    return answer(status, Map.of("Retry-After", "0"), "");
  }

  private final Loopback loopback;
  private final int upstreamPort;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  private FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.loopback = Loopback.start("fault-proxy", this::exchange);
  }

  /** Starts a proxy in front of {@code 127.0.0.1:upstreamPort}. */
  public static FaultProxy start(int upstreamPort) throws IOException {
    return new FaultProxy(upstreamPort);
  }

  /** Injects {@code fault} into the {@code nth} request (or {@link #EVERY} one) that matches. */
  public FaultProxy on(String method, String pathRegex, int nth, Fault fault) {
    return add(method, pathRegex, false, nth, fault);
  }

  /**
   * As {@link #on}, with the expression matched against the path and the query as sent ({@code
   * /v2/app/blobs/uploads/ID?_state=...&digest=sha256%3A...}), to pick one blob's upload.
   */
  public FaultProxy onTarget(String method, String targetRegex, int nth, Fault fault) {
    return add(method, targetRegex, true, nth, fault);
  }

  private FaultProxy add(String method, String regex, boolean withQuery, int nth, Fault fault) {
    if (nth < 0) {
      throw new IllegalArgumentException("nth must be 0 (every) or more");
    }
    rules.add(new Rule(method, Pattern.compile(regex), withQuery, nth,
        Objects.requireNonNull(fault), new AtomicInteger()));
    return this;
  }

  /** {@code 127.0.0.1:PORT} of the proxy, as an image reference's registry part. */
  public String host() {
    return "127.0.0.1:" + loopback.port();
  }

  /** Every request so far, in the order they arrived. */
  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** How many requests so far had this method and a path matching the expression. */
  public long count(String method, String pathRegex) {
    Pattern path = Pattern.compile(pathRegex);
    return seen.stream().filter(s -> s.method().equals(method)
        && path.matcher(s.path()).matches()).count();
  }

  /** Stops accepting, closes every connection (releasing stalled ones) and waits briefly. */
  @Override
  public void close() {
    closed.countDown();
    loopback.close();
  }

  private void exchange(Socket client) throws IOException {
    InputStream in = new BufferedInputStream(client.getInputStream());
    OutputStream out = client.getOutputStream();
    byte[] head = Loopback.readHead(in);
    if (head == null) {
      return;
    }
    List<String> lines = List.of(new String(head, StandardCharsets.ISO_8859_1).split("\r\n"));
    String[] requestLine = lines.get(0).split(" ");
    String method = requestLine[0];
    String target = requestLine.length > 1 ? requestLine[1] : "/";
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    long length = 0;
    boolean chunked = false;
    List<String> headers = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim()
          .toLowerCase(Locale.ROOT);
      if (name.equals("content-length")) {
        length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
      if (name.equals("transfer-encoding")) {
        chunked = line.substring(line.indexOf(':') + 1).trim().equalsIgnoreCase("chunked");
      }
      if (!name.equals("connection") && !name.equals("keep-alive") && !line.isEmpty()) {
        headers.add(line);
      }
    }
    Fault fault = faultFor(method, path, target);
    seen.add(new Seen(method, path, fault));
    if (fault instanceof Answer answer) {
      Loopback.copyBody(in, OutputStream.nullOutputStream(), chunked, length);
      Loopback.reply(out, answer.status(), "Fault", answer.headers(), answer.body());
      return;
    }
    if (fault instanceof Stall) {
      Loopback.copyBody(in, OutputStream.nullOutputStream(), chunked, length);
      await();
      return;
    }
    try (Socket upstream = new Socket(InetAddress.getByName("127.0.0.1"), upstreamPort)) {
      loopback.track(upstream);
      OutputStream up = upstream.getOutputStream();
      StringBuilder forwarded = new StringBuilder(lines.get(0)).append("\r\n");
      headers.forEach(h -> forwarded.append(h).append("\r\n"));
      forwarded.append("Connection: close\r\n\r\n");
      up.write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (fault instanceof DropAfter drop) {
        // a chunked body's bytes are counted as they come, size lines and all
        Loopback.copy(in, up, chunked ? drop.bytes() : Math.min(drop.bytes(), length));
        up.flush();
        return;
      }
      Loopback.copyBody(in, up, chunked, length);
      up.flush();
      InputStream answer = new BufferedInputStream(upstream.getInputStream());
      if (fault instanceof LoseAnswer) {
        answer.readAllBytes();
        return;
      }
      byte[] answerHead = Loopback.readHead(answer);
      if (answerHead == null) {
        return;
      }
      StringBuilder relayed = new StringBuilder();
      for (String line : new String(answerHead, StandardCharsets.ISO_8859_1).split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("connection:") && !lower.startsWith("keep-alive:")) {
          relayed.append(line).append("\r\n");
        }
      }
      relayed.append("Connection: close\r\n\r\n");
      out.write(relayed.toString().getBytes(StandardCharsets.ISO_8859_1));
      answer.transferTo(out);
      out.flush();
    } finally {
      loopback.forgetClosed();
    }
  }

  private Fault faultFor(String method, String path, String target) {
    Fault chosen = null;
    for (Rule rule : rules) {
      if (rule.method().equals(method)
          && rule.path().matcher(rule.withQuery() ? target : path).matches()) {
        int n = rule.count().incrementAndGet();
        if (chosen == null && (rule.nth() == EVERY || rule.nth() == n)) {
          chosen = rule.fault();
        }
      }
    }
    return chosen;
  }

  private void await() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
