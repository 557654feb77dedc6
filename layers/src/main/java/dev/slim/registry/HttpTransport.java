package dev.slim.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.HttpsURLConnection;

/**
 * Sends one HTTP/1.1 exchange with {@link HttpURLConnection}. slim is a short-lived process:
 * {@code java.net.http.HttpClient} costs it about 0.6 s of set-up (a TLS context with the whole
 * trust store even for plain HTTP, a selector thread, the reactive body machinery) against a few
 * milliseconds here; TLS is only initialised when an https URL is actually used. Connections are
 * kept alive and reused by the JDK, which keeps at most {@value #KEEP_ALIVE_PROPERTY} idle
 * connections per host and closes the rest: 5 unless set, fewer than slim's parallel reads
 * ({@code slim report --jobs}, default 8), so every round of reads closed some connections and
 * opened new ones. Unless the user set it, it is raised to {@value #KEEP_ALIVE_CONNECTIONS}
 * (the most requests slim has in flight to one registry) before the first connection; the JDK
 * still closes a connection left idle for 5 s.
 */
final class HttpTransport {

  static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  static final String KEEP_ALIVE_PROPERTY = "http.maxConnections";
  static final int KEEP_ALIVE_CONNECTIONS = 256;

  static {
    if (System.getProperty(KEEP_ALIVE_PROPERTY) == null) {
      System.setProperty(KEEP_ALIVE_PROPERTY, Integer.toString(KEEP_ALIVE_CONNECTIONS));
    }
  }
  private static final String PROXY_AUTHORIZATION = "Proxy-Authorization";

  /** One request, bounded by {@code timeouts}. */
  record Request(String method, URI uri, Map<String, String> headers, HttpBody body,
      Timeouts timeouts) {}

  /**
   * Ends exchanges that overrun their total time; one daemon thread, made on first use. A
   * cancelled alarm leaves the queue at once, so that it does not keep its connection reachable.
   */
  private static final class Watchdog {
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "slim-http-watchdog");
        t.setDaemon(true);
        return t;
      });
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }

  private HttpTransport() {}

  /**
   * Sends the request and returns the answer with its body unread. No answer within {@link
   * Timeouts#answer()}, or sending the body and getting the answer's head taking longer than
   * {@link Timeouts#total(long)}, is a {@link SocketTimeoutException}.
   */
  static Response send(Request request) throws IOException {
    return send(request, null, null);
  }

  /**
   * As {@link #send(Request)}, through a proxy: {@code route} for a plain HTTP request (the proxy
   * gets the absolute URI and {@code Proxy-Authorization}), {@code tunnel} for an HTTPS one
   * ({@code CONNECT}); both {@code null} to connect as the JVM would.
   */
  static Response send(Request request, Proxies.Route route, ProxyTunnel tunnel)
      throws IOException {
    HttpURLConnection connection = open(request, route, tunnel);
    HttpBody body = request.body() == null ? HttpBody.EMPTY : request.body();
    Duration total = request.timeouts().total(body.length());
    AtomicBoolean overran = new AtomicBoolean();
    ScheduledFuture<?> alarm = Watchdog.TIMER.schedule(() -> {
      overran.set(true);
      connection.disconnect();
    }, total.toMillis(), TimeUnit.MILLISECONDS);
    try {
      Response response = exchange(connection, request, body);
      if (overran.get()) {
        throw new SocketTimeoutException("no answer within " + total.toSeconds() + " s");
      }
      return response;
    } catch (IOException e) {
      if (overran.get()) {
        SocketTimeoutException timeout =
            new SocketTimeoutException("no answer within " + total.toSeconds() + " s");
        timeout.initCause(e);
        throw timeout;
      }
      throw e;
    } finally {
      alarm.cancel(false);
    }
  }

  private static HttpURLConnection open(Request request, Proxies.Route route,
      ProxyTunnel tunnel) throws IOException {
    URL url = request.uri().toURL();
    if (tunnel != null && "https".equals(url.getProtocol())) {
      HttpsURLConnection connection = (HttpsURLConnection) url.openConnection(Proxy.NO_PROXY);
      connection.setSSLSocketFactory(tunnel);
      return connection;
    }
    if (route != null && "http".equals(url.getProtocol())) {
      HttpURLConnection connection = (HttpURLConnection) url.openConnection(route.proxy());
      if (route.authorization() != null) {
        connection.setRequestProperty(PROXY_AUTHORIZATION, route.authorization());
      }
      return connection;
    }
    return (HttpURLConnection) url.openConnection();
  }

  private static Response exchange(HttpURLConnection connection, Request request, HttpBody body)
      throws IOException {
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE,
        request.timeouts().answer().toMillis()));
    connection.setRequestMethod(request.method());
    request.headers().forEach(connection::setRequestProperty);
    boolean sends = !request.method().equals("GET") && !request.method().equals("HEAD")
        && !request.method().equals("DELETE");
    if (sends) {
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(body.length());
      try (OutputStream out = connection.getOutputStream()) {
        body.writeTo(out);
      }
    }
    int status;
    try {
      status = connection.getResponseCode();
    } catch (HttpRetryException e) {
      // in streaming mode the JDK will not hand over a 401's headers: report it as a bare 401
      return new Response(e.responseCode(), new TreeMap<>(String.CASE_INSENSITIVE_ORDER),
          request.uri(), InputStream.nullInputStream(), connection::disconnect);
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    connection.getHeaderFields().forEach((name, values) -> {
      if (name != null) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values);
      }
    });
    InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    if (in == null || request.method().equals("HEAD")) {
      if (in != null) {
        in.close();
      }
      in = InputStream.nullInputStream();
    }
    return new Response(status, headers, request.uri(), in, () -> { });
  }
}
