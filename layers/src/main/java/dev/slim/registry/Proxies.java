package dev.slim.registry;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP proxies the environment names, as curl, Docker, ko and crane read them: {@code
 * HTTPS_PROXY} for HTTPS requests, {@code HTTP_PROXY} for plain HTTP ones, each also in lower
 * case (the upper-case name wins when both are set, as in Go), and {@code NO_PROXY} listing hosts
 * that are reached directly.
 *
 * <p>A proxy is {@code http://[user:password@]host[:port]} (port 80 unless given; without a
 * scheme, {@code http://} is assumed). Its credentials go to the proxy as {@code
 * Proxy-Authorization: Basic}, on every plain HTTP request and on the {@code CONNECT} that opens
 * the tunnel for an HTTPS one ({@link ProxyTunnel}).
 *
 * <p>{@code NO_PROXY} is a comma-separated list of {@code *} (no proxy at all), host names
 * ({@code example.com} also covers its subdomains, {@code .example.com} only them), IP addresses,
 * each optionally with {@code :port}. Loopback registries are reached directly while {@code
 * NO_PROXY} is not set; once it is set, it alone decides (so that {@code NO_PROXY=} sends them
 * through the proxy too).
 *
 * @param https the proxy for HTTPS requests, or {@code null}
 * @param http the proxy for plain HTTP requests, or {@code null}
 * @param noProxy the entries of {@code NO_PROXY}, or {@code null} when it is not set
 */
record Proxies(Route https, Route http, List<String> noProxy) {

  /** No proxy named: every request goes as the JVM would send it. */
  static final Proxies NONE = new Proxies(null, null, null);

  /**
   * One proxy.
   *
   * @param authorization the {@code Proxy-Authorization} value, or {@code null}
   * @param password the password in the proxy URL, for redaction, or {@code null}
   */
  record Route(String host, int port, String authorization, String password) {

    Proxy proxy() {
      return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    }

    /** {@code host:port}, for messages. */
    String address() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
      return "Route[" + address() + (authorization == null ? "" : ", with credentials") + "]";
    }
  }

  Proxies {
    noProxy = noProxy == null ? null : List.copyOf(noProxy);
  }

  /**
   * The proxies named in {@code environment}.
   *
   * @throws IllegalArgumentException naming the variable when a proxy is not an {@code http://}
   *     URL with a host
   */
  static Proxies fromEnvironment(Map<String, String> environment) {
    Route https = route(environment, "HTTPS_PROXY");
    Route http = route(environment, "HTTP_PROXY");
    String no = value(environment, "NO_PROXY");
    List<String> entries = null;
    if (no != null) {
      entries = new ArrayList<>();
      for (String entry : no.split(",")) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        if (!e.isEmpty()) {
          entries.add(e);
        }
      }
    }
    return new Proxies(https, http, entries);
  }

  /** The proxy for a request to {@code uri}, or empty when it goes directly. */
  Optional<Route> forUri(URI uri) {
    Route route = "https".equals(uri.getScheme()) ? https : http;
    if (route == null || uri.getHost() == null) {
      return Optional.empty();
    }
    String host = Endpoint.host(uri.getHost()).toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    if (noProxy == null) {
      return Endpoint.isLoopback(host) ? Optional.empty() : Optional.of(route);
    }
    for (String entry : noProxy) {
      if (bypasses(entry, host, port)) {
        return Optional.empty();
      }
    }
    return Optional.of(route);
  }

  /** The passwords of the proxy URLs, which no message may show. */
  List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    for (Route route : new Route[] {https, http}) {
      if (route != null && route.password() != null && !route.password().isEmpty()) {
        secrets.add(route.password());
      }
    }
    return secrets;
  }

  private static boolean bypasses(String entry, String host, int port) {
    if (entry.equals("*")) {
      return true;
    }
    String name = entry;
    int colon = entry.lastIndexOf(':');
    // a port follows the only ':' of a name or IPv4 address, or the ']' of an IPv6 one
    boolean hasPort = entry.indexOf(':') == colon
        || (entry.startsWith("[") && entry.indexOf(']') == colon - 1);
    if (colon > 0 && hasPort && entry.substring(colon + 1).matches("\\d+")) {
      if (Integer.parseInt(entry.substring(colon + 1)) != port) {
        return false;
      }
      name = entry.substring(0, colon);
    }
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.startsWith("*.")) {
      name = name.substring(1);
    }
    if (name.startsWith(".")) {
      return host.endsWith(name);
    }
    return host.equals(name) || host.endsWith("." + name);
  }

  private static String value(Map<String, String> environment, String name) {
    String upper = environment.get(name);
    if (upper != null) {
      return upper;
    }
    return environment.get(name.toLowerCase(Locale.ROOT));
  }

  private static Route route(Map<String, String> environment, String name) {
    String value = value(environment, name);
    String variable = environment.containsKey(name) ? name : name.toLowerCase(Locale.ROOT);
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim();
    if (!text.contains("://")) {
      text = "http://" + text;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
      // never echo the value: it may hold the proxy's password
      throw new IllegalArgumentException(variable + " is not a proxy URL slim can use: write"
          + " http://[USER:PASSWORD@]HOST[:PORT] (only HTTP proxies are supported)");
    }
    String authorization = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
      authorization = "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
    return new Route(Endpoint.host(uri.getHost()), uri.getPort() >= 0 ? uri.getPort() : 80,
        authorization, password);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
