package dev.slim.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A front on a loopback port that makes a real registry (a {@link RegistryServer}) behave like
 * another one: the quirks of ECR, GHCR, Docker Hub, OpenShift, S3-backed registries, as their users
 * met them. Every request goes to the first rule that matches its method and target (path and
 * query); a rule answers in the registry's place, or forwards a rewritten request; requests no
 * rule takes are forwarded as they are. One exchange per connection ({@code Connection: close}).
 *
 * <p>{@link #requireBearer} puts a token service in front, as Docker Hub, GHCR and ECR have: the
 * proxy answers 401 with a Bearer challenge to any {@code /v2/} request without a token it
 * issued, serves tokens at {@code /token}, and forwards with the token removed.
 */
public final class QuirkProxy implements AutoCloseable {

  /** A request as it arrived; header names in lower case. */
  public record Request(String method, String target, Map<String, String> headers) {
    public String path() {
      int query = target.indexOf('?');
      return query < 0 ? target : target.substring(0, query);
    }

    /** A query parameter's decoded values. */
    public List<String> query(String name) {
      List<String> values = new ArrayList<>();
      int q = target.indexOf('?');
      if (q >= 0) {
        for (String pair : target.substring(q + 1).split("&")) {
          int eq = pair.indexOf('=');
          if (eq > 0 && pair.substring(0, eq).equals(name)) {
            values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
          }
        }
      }
      return values;
    }
  }

  /** What a rule does with a request. */
  public sealed interface Action permits Reply, Forward {}

  /** Answers in the registry's place. */
  public record Reply(int status, Map<String, String> headers, String body) implements Action {
    public Reply {
      headers = Map.copyOf(headers);
    }
  }

  /**
   * Forwards to the registry with this target, and the answer's {@code Location} turned by
   * {@code location} (the identity for none).
   */
  public record Forward(String target, Function<String, String> location) implements Action {}

  private record Rule(String method, Pattern target, Function<Request, Action> action) {}

  private final Loopback loopback;
  private final int upstreamPort;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Request> seen = new CopyOnWriteArrayList<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> uses = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
  private volatile String challenge;
  private volatile String refusedRepository;
  private volatile int tokenUses;

  private QuirkProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.loopback = Loopback.start("quirk-proxy", this::exchange);
  }

  /** Starts a front for {@code 127.0.0.1:upstreamPort}. */
  public static QuirkProxy start(int upstreamPort) throws IOException {
    return new QuirkProxy(upstreamPort);
  }

  /** Lets {@code action} decide about every request with this method and a matching target. */
  public QuirkProxy on(String method, String targetRegex, Function<Request, Action> action) {
    rules.add(new Rule(method, Pattern.compile(targetRegex), action));
    return this;
  }

  /**
   * Wants a bearer token on every {@code /v2/} request: a 401 with {@code Bearer
   * realm="http://HOST/token"} and {@code extraParams} (such as {@code ,service="registry"}, or
   * nothing, as OpenShift sends) otherwise.
   */
  public QuirkProxy requireBearer(String extraParams) {
    this.challenge = "Bearer realm=\"http://" + host() + "/token\"" + extraParams;
    return this;
  }

  /** The token service refuses (403) any scope naming this repository. */
  public QuirkProxy refuseTokensFor(String repository) {
    this.refusedRepository = repository;
    return this;
  }

  /** Each token is good for this many registry requests; then it gets a fresh 401 challenge. */
  public QuirkProxy expireTokensAfter(int requests) {
    this.tokenUses = requests;
    return this;
  }

  /** The query string of each token request, in order. */
  public List<String> tokenRequests() {
    return List.copyOf(tokenRequests);
  }

  /** How many tokens the token service gave out. */
  public int tokensIssued() {
    return issued.get();
  }

  public String host() {
    return "127.0.0.1:" + port();
  }

  public int port() {
    return loopback.port();
  }

  /** Every request so far (token requests included), in order of arrival. */
  public List<Request> seen() {
    return List.copyOf(seen);
  }

  /** How many requests had this method and a path matching the expression. */
  public long count(String method, String pathRegex) {
    Pattern path = Pattern.compile(pathRegex);
    return seen.stream().filter(r -> r.method().equals(method)
        && path.matcher(r.path()).matches()).count();
  }

  @Override
  public void close() {
    loopback.close();
  }

  private void exchange(Socket client) throws IOException {
    InputStream in = new BufferedInputStream(client.getInputStream());
    OutputStream out = client.getOutputStream();
    byte[] head = Loopback.readHead(in);
    if (head == null) {
      return;
    }
    String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    Request request = new Request(requestLine[0], requestLine[1], Map.copyOf(headers));
    seen.add(request);
    long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
    boolean chunked = headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked");
    Action action = decide(request);
    if (action instanceof Reply reply) {
      Loopback.copyBody(in, OutputStream.nullOutputStream(), chunked, length);
      Loopback.reply(out, reply.status(), "Quirk", reply.headers(), reply.body());
      return;
    }
    Forward forward = (Forward) action;
    try (Socket upstream = new Socket(InetAddress.getByName("127.0.0.1"), upstreamPort)) {
      loopback.track(upstream);
      StringBuilder forwarded = new StringBuilder(request.method()).append(' ')
          .append(forward.target()).append(" HTTP/1.1\r\n");
      headers.forEach((name, value) -> {
        if (!name.equals("connection") && !name.equals("keep-alive")
            && !(challenge != null && name.equals("authorization"))) {
          forwarded.append(name).append(": ").append(value).append("\r\n");
        }
      });
      forwarded.append("connection: close\r\n\r\n");
      OutputStream up = upstream.getOutputStream();
      up.write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
      Loopback.copyBody(in, up, chunked, length);
      up.flush();
      InputStream answer = new BufferedInputStream(upstream.getInputStream());
      byte[] answerHead = Loopback.readHead(answer);
      if (answerHead == null) {
        return;
      }
      StringBuilder relayed = new StringBuilder();
      for (String line : new String(answerHead, StandardCharsets.ISO_8859_1).split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("location:")) {
          line = "Location: " + forward.location().apply(line.substring(9).trim());
        }
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

  private Action decide(Request request) {
    if (challenge != null && request.path().equals("/token")) {
      return token(request);
    }
    if (challenge != null && request.path().startsWith("/v2/")) {
      String authorization = request.headers().getOrDefault("authorization", "");
      String token = authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
      if (!tokens.contains(token)) {
        return unauthorized();
      }
      int used = uses.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
      if (tokenUses > 0 && used > tokenUses) {
        tokens.remove(token);
        return unauthorized();
      }
    }
    for (Rule rule : rules) {
      if (rule.method().equals(request.method())
          && rule.target().matcher(request.target()).matches()) {
        Action action = rule.action().apply(request);
        if (action != null) {
          return action;
        }
      }
    }
    return new Forward(request.target(), Function.identity());
  }

  private Action unauthorized() {
    return new Reply(401, Map.of("WWW-Authenticate", challenge, "Content-Type",
        "application/json"), "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":"
        + "\"authentication required\"}]}");
  }

  private Action token(Request request) {
    int q = request.target().indexOf('?');
    tokenRequests.add(q < 0 ? "" : request.target().substring(q + 1));
    if (!challenge.contains("service=") && !request.query("service").equals(List.of(host()))) {
      return new Reply(400, Map.of("Content-Type", "application/json"),
          "{\"details\":\"service is required\"}");
    }
    String refused = refusedRepository;
    for (String scope : request.query("scope")) {
      if (refused != null && scope.startsWith("repository:" + refused + ":")) {
        return new Reply(403, Map.of("Content-Type", "application/json"),
            "{\"details\":\"access to " + refused + " denied\"}");
      }
    }
    String token = "tok" + issued.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    tokens.add(token);
    return new Reply(200, Map.of("Content-Type", "application/json"),
        "{\"token\":\"" + token + "\"}");
  }

}
