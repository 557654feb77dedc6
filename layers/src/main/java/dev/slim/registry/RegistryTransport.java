package dev.slim.registry;

import dev.slim.registry.RegistryException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * Sends {@link Call}s to one registry for the endpoint classes ({@link Blobs}, {@link Manifests},
 * {@link Listings}, {@link Probes}): picks the scheme (plain HTTP for loopback, HTTPS falling back
 * to HTTP for an insecure registry, HTTPS when a loopback registry says it speaks it), answers
 * 401 challenges through the {@link Authenticator}, waits out 429/503, retries a dropped
 * connection once, follows redirects of reads, bounds every exchange by the {@link Timeouts} and
 * counts every request it sends. Thread-safe.
 */
final class RegistryTransport {

  private final Endpoint endpoint;
  private final boolean insecure;
  private final String userAgent;
  private final Timeouts timeouts;
  private final Failures failures;
  private final Authenticator auth;
  private final Proxies proxies;
  private final ProxyTunnel tunnel;
  private final AtomicInteger requests = new AtomicInteger();
  private final Backoff backoff = new Backoff();
  private volatile String scheme;

  /**
   * @param plainHttpForLoopback whether a loopback registry is spoken to over HTTP first
   * @param userAgent the {@code User-Agent} header, or {@code null} for none
   */
  RegistryTransport(Endpoint endpoint, Credentials credentials, boolean insecure,
      String userAgent, boolean plainHttpForLoopback, Timeouts timeouts) {
    this(endpoint, credentials, insecure, userAgent, plainHttpForLoopback, timeouts,
        Proxies.NONE);
  }

  /** @param proxies the proxies requests go through ({@link Proxies#NONE}: as the JVM would) */
  RegistryTransport(Endpoint endpoint, Credentials credentials, boolean insecure,
      String userAgent, boolean plainHttpForLoopback, Timeouts timeouts, Proxies proxies) {
    this.proxies = proxies;
    this.tunnel = proxies.https() == null ? null
        : new ProxyTunnel(proxies.https(), HttpTransport.CONNECT_TIMEOUT_MILLIS);
    this.endpoint = endpoint;
    this.insecure = insecure;
    this.userAgent = userAgent;
    this.scheme = endpoint.loopback() && plainHttpForLoopback ? "http" : "https";
    this.timeouts = timeouts;
    Map<String, String> tokens = new ConcurrentHashMap<>();
    List<String> proxySecrets = proxies.secrets();
    this.failures = new Failures(endpoint, credentials, () -> secrets(tokens, proxySecrets),
        timeouts);
    this.auth = new Authenticator(endpoint, credentials, insecure, userAgent, tokens, failures,
        timeouts, this::transmit);
  }

  /** The registry as the user wrote it. */
  String registry() {
    return endpoint.registry();
  }

  /** How many HTTP requests were sent, token requests and retries included. */
  int requestCount() {
    return requests.get();
  }

  Failures failures() {
    return failures;
  }

  Timeouts timeouts() {
    return timeouts;
  }

  /** The API root with the scheme in use now. */
  URI baseUri() {
    return endpoint.base(scheme);
  }

  /**
   * Sends a call, answering one authentication challenge, waiting out 429/502/503/504 and
   * sending it once more after a dropped connection or a timeout (not an upload: its session may
   * be gone, {@link BlobUpload} starts a new one). Returns whatever the registry answered last; the caller checks the status.
   */
  Response send(Call call) throws RegistryException {
    URI uri = call.uri() != null ? call.uri() : endpoint.base(scheme).resolve(call.path());
    String method = call.method();
    String authorization = auth.upFront(call.scopes(), call.action());
    boolean authAnswered = false;
    boolean ioRetried = false;
    SSLException tlsFailure = null;
    boolean upgraded = false;
    int tries = 1;
    int redirects = 0;
    while (true) {
      Map<String, String> headers = new LinkedHashMap<>(call.headers());
      if (userAgent != null) {
        headers.put(Protocol.USER_AGENT, userAgent);
      }
      if (authorization != null && endpoint.serves(uri)) {
        headers.put(Protocol.AUTHORIZATION, authorization);
      }
      HttpTransport.Request request = new HttpTransport.Request(method, uri, headers,
          call.body() == null || method.equals("GET") || method.equals("HEAD")
              ? null : call.body(),
          timeouts);
      Response response;
      pause();
      try {
        response = transmit(request);
      } catch (IOException e) {
        if (mayFallBackToHttp(insecure, endpoint, uri, e)) {
          tlsFailure = Failures.cause(e, SSLException.class);
          scheme = "http";
          uri = withScheme(uri, "http");
          continue;
        }
        if (!ioRetried && Retries.isTransient(e) && !call.upload()) {
          ioRetried = true;
          continue;
        }
        if (ioRetried && Failures.cause(e, SocketTimeoutException.class) != null) {
          throw failures.timedOut(failures.who(uri), call.action(), 2, e);
        }
        throw failures.connection(e, uri, call.action());
      }
      int status = response.status();
      if (status == 400 && "http".equals(uri.getScheme()) && endpoint.serves(uri)) {
        byte[] said = response.readSome(1024);
        if (TlsHints.httpsServer(response, said)) {
          if (tlsFailure != null) {
            throw TlsHints.untrusted(tlsFailure) ? failures.untrustedCertificate(true, tlsFailure)
                : failures.connection(new IOException(tlsFailure), withScheme(uri, "https"),
                    call.action());
          }
          if (!upgraded) {
            // the registry says it speaks HTTPS (a loopback registry is tried over HTTP first)
            upgraded = true;
            scheme = "https";
            uri = withScheme(uri, "https");
            continue;
          }
        }
        response = response.withBody(said);
      }
      if (status == 401 && !authAnswered && endpoint.serves(uri)) {
        authAnswered = true;
        List<AuthChallenge> challenges = Authenticator.challenges(response);
        response.discard();
        authorization = auth.answer(challenges, call.scopes(), call.action());
        continue;
      }
      if (Retries.waitsAndRetries(status, tries)) {
        // every thread of this registry waits, not only this one (the next loop's pause)
        backoff.hold(Retries.retryAfter(response, tries));
        response.discard();
        tries++;
        continue;
      }
      if (call.followRedirects() && isRedirect(status) && redirects < Protocol.MAX_REDIRECTS) {
        Optional<String> location = response.header(Protocol.LOCATION);
        if (location.isPresent()) {
          response.discard();
          redirects++;
          uri = resolve(uri, location.get(), call.action());
          method = redirectedMethod(status, method);
          continue;
        }
      }
      return response;
    }
  }

  /**
   * Sends a call whose body is written once as it is made ({@link StreamedRequest}), with the
   * token held for its scopes: no challenge is answered and nothing is retried, since the body
   * cannot be sent again. Empty when a proxy would carry the request: it is then not sent.
   *
   * @param socket holds the connection while it is open, for another thread to close
   */
  Optional<Response> sendStreamed(Call call, StreamedRequest.BodyWriter body,
      AtomicReference<Socket> socket) throws RegistryException {
    URI uri = call.uri() != null ? call.uri() : endpoint.base(scheme).resolve(call.path());
    if (proxies.forUri(uri).isPresent()) {
      return Optional.empty();
    }
    Map<String, String> headers = new LinkedHashMap<>(call.headers());
    if (userAgent != null) {
      headers.put(Protocol.USER_AGENT, userAgent);
    }
    String authorization = auth.upFront(call.scopes(), call.action());
    if (authorization != null && endpoint.serves(uri)) {
      headers.put(Protocol.AUTHORIZATION, authorization);
    }
    requests.incrementAndGet();
    try {
      return Optional.of(StreamedRequest.send(call.method(), uri, headers, timeouts, body,
          socket));
    } catch (IOException e) {
      throw failures.connection(e, uri, call.action());
    }
  }

  /** Sends one HTTP request, through the proxy the environment names for it, and counts it. */
  private Response transmit(HttpTransport.Request request) throws IOException {
    requests.incrementAndGet();
    Optional<Proxies.Route> route = proxies.forUri(request.uri());
    if (route.isEmpty()) {
      return HttpTransport.send(request);
    }
    return "https".equals(request.uri().getScheme())
        ? HttpTransport.send(request, null, tunnel)
        : HttpTransport.send(request, route.get(), null);
  }

  /** What messages must hide besides the credentials: the tokens held now, proxy passwords. */
  private static List<String> secrets(Map<String, String> tokens, List<String> proxySecrets) {
    List<String> all = new ArrayList<>(tokens.values());
    all.addAll(proxySecrets);
    return all;
  }

  /**
   * Whether a request to {@code uri} that failed with {@code e} is sent again over plain HTTP:
   * only to an insecure registry's own host, and only when TLS failed or the connection was
   * refused (not when the host is unknown).
   */
  static boolean mayFallBackToHttp(boolean insecure, Endpoint endpoint, URI uri, IOException e) {
    return insecure && "https".equals(uri.getScheme()) && endpoint.serves(uri)
        && (Failures.cause(e, SSLException.class) != null
            || (Failures.cause(e, ConnectException.class) != null
                && Failures.cause(e, UnresolvedAddressException.class) == null));
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** The method after a redirect: 303 turns everything but HEAD into GET. */
  static String redirectedMethod(int status, String method) {
    return status == 303 && !method.equals("HEAD") ? "GET" : method;
  }

  /** Waits while the registry asked any thread of this session to wait (429/503). */
  private void pause() throws RegistryException {
    try {
      backoff.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.error(Kind.UNREACHABLE, "interrupted while waiting for registry "
          + registry());
    }
  }

  private URI resolve(URI base, String location, String action) throws RegistryException {
    try {
      return base.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      throw failures.protocol("registry " + registry() + " sent a malformed Location: cannot "
          + action);
    }
  }

  /** Where an answer says to go next ({@code Location}), resolved against where it came from. */
  URI location(Response response, String action) throws RegistryException {
    Optional<String> location = response.header(Protocol.LOCATION);
    if (location.isEmpty() || location.get().isBlank()) {
      throw failures.protocol("registry " + registry() + " did not say where to upload (no"
          + " Location): cannot " + action);
    }
    return resolve(response.uri(), location.get(), action);
  }

  private static URI withScheme(URI uri, String newScheme) {
    return URI.create(newScheme + uri.toString().substring(uri.getScheme().length()));
  }

  /** Fails with what the registry said unless it answered one of the expected statuses. */
  void expect(Response response, String action, int... expected) throws RegistryException {
    for (int status : expected) {
      if (response.status() == status) {
        return;
      }
    }
    throw failures.answer(response, action);
  }

  /** The whole body, or {@code null} when it is longer than {@code limit} bytes. */
  byte[] readBody(Response response, int limit, String action) throws RegistryException {
    try {
      return response.read(limit);
    } catch (IOException e) {
      throw failures.connection(e, response.uri(), action);
    }
  }
}
