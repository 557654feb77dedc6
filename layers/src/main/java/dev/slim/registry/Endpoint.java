package dev.slim.registry;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a registry's API is: the registry name users write, the host and port requests go to, and
 * whether that host is this machine (then plain HTTP is the default, as Docker does).
 *
 * @param registry the name as written, such as {@code docker.io} or {@code 127.0.0.1:5000}
 * @param authority host and optional port the API is served on ({@code registry-1.docker.io}
 *     for Docker Hub)
 */
record Endpoint(String registry, String authority, boolean loopback) {

  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  private static final Pattern AUTHORITY = Pattern.compile(
      "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
          + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

  Endpoint {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(authority, "authority");
  }

  static Endpoint of(String registry) {
    Objects.requireNonNull(registry, "registry");
    if (!AUTHORITY.matcher(registry).matches()) {
      throw new IllegalArgumentException("registry \"" + registry
          + "\" is not a host name or address with an optional :port");
    }
    String authority = registry;
    if (registry.equals(ImageRef.DOCKER_HUB) || registry.equals("index.docker.io")) {
      authority = "registry-1.docker.io";
    }
    return new Endpoint(registry, authority, isLoopback(host(authority)));
  }

  /** The host without port or brackets. */
  static String host(String authority) {
    if (authority.startsWith("[")) {
      return authority.substring(1, authority.indexOf(']'));
    }
    int colon = authority.indexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches() || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  /** Whether the registry name carries an explicit port. */
  boolean hasPort() {
    return registry.startsWith("[") ? registry.contains("]:") : registry.contains(":");
  }

  /** The registry with the port a connection used, for messages: {@code r.example:443}. */
  String address(String scheme) {
    return hasPort() ? registry : registry + (scheme.equals("http") ? ":80" : ":443");
  }

  /** The API root for a scheme: {@code https://host:port}. */
  URI base(String scheme) {
    return URI.create(scheme + "://" + authority);
  }

  /** Whether a URI points at this registry's API host and port (auth headers go only there). */
  boolean serves(URI uri) {
    String uriAuthority = uri.getRawAuthority();
    if (uriAuthority == null) {
      return false;
    }
    return normalise(uriAuthority, uri.getScheme()).equals(normalise(authority, uri.getScheme()));
  }

  private static String normalise(String authority, String scheme) {
    String a = authority.toLowerCase(Locale.ROOT);
    boolean hasPort = a.startsWith("[") ? a.contains("]:") : a.contains(":");
    if (hasPort) {
      return a;
    }
    return a + ("http".equalsIgnoreCase(scheme) ? ":80" : ":443");
  }
}
