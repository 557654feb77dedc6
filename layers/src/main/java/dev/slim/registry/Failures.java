package dev.slim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slim.registry.RegistryException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.SocketTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Turns what went wrong into a {@link RegistryException} whose message names the registry and says
 * what to do. Every message passes through a {@link Redactor} so that no secret or token leaks in
 * any form, even if a server echoes one.
 */
final class Failures {

  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final int MAX_DETAIL = 300;

  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
      Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
      Map.entry(405, "Method Not Allowed"), Map.entry(407, "Proxy Authentication Required"),
      Map.entry(409, "Conflict"),
      Map.entry(411, "Length Required"), Map.entry(413, "Payload Too Large"),
      Map.entry(415, "Unsupported Media Type"), Map.entry(416, "Range Not Satisfiable"),
      Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
      Map.entry(504, "Gateway Timeout"));

  private final Endpoint endpoint;
  private final Credentials credentials;
  private final Redactor redactor;
  private final Timeouts timeouts;

  Failures(Endpoint endpoint, Credentials credentials, Supplier<Collection<String>> tokens,
      Timeouts timeouts) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.timeouts = timeouts;
    this.redactor = new Redactor(credentials, tokens);
  }

  static String status(int code) {
    String reason = REASONS.get(code);
    return reason == null ? String.valueOf(code) : code + " " + reason;
  }

  /** A registry answer that the operation did not expect. The body is read for details. */
  RegistryException answer(Response response, String action) {
    byte[] body = response.readSome(MAX_ERROR_BODY);
    Set<String> codes = codes(body);
    RegistryException e = describe(response, details(body, response), codes, action);
    return codes.isEmpty() ? e : new RegistryException(e.kind(), e.getMessage(), null, codes);
  }

  /**
   * A manifest PUT the registry refused. A registry without OCI support (older Artifactory,
   * Nexus or Quay, registries behind old proxies) answers an OCI manifest or index with 415, or
   * with 400 {@code MANIFEST_INVALID}: the message then suggests Docker's format.
   */
  RegistryException manifestRefused(Response response, String action, String mediaType) {
    RegistryException e = answer(response, action);
    boolean oci = mediaType.startsWith("application/vnd.oci.");
    int status = response.status();
    if (oci && (status == 415 || (status == 400 && (e.hasCode("MANIFEST_INVALID")
        || e.hasCode("UNSUPPORTED"))))) {
      return new RegistryException(e.kind(), e.getMessage() + " — this registry may not accept"
          + " OCI manifests (" + mediaType + "): try --format docker", null, e.codes());
    }
    return e;
  }

  private RegistryException describe(Response response, String details, Set<String> codes,
      String action) {
    int code = response.status();
    String registry = endpoint.registry();
    String suffix = details.isEmpty() ? "" : "; " + details;
    switch (code) {
      case 401:
        if (insufficientScope(response) && credentials != null) {
          return error(Kind.FORBIDDEN, "registry " + registry + " does not let these credentials "
              + action + " (401 Unauthorized, insufficient scope): check the repository name and"
              + " that the account may access it");
        }
        return unauthorized();
      case 403:
        return error(Kind.FORBIDDEN, "registry " + registry + " denied access: cannot " + action
            + " (" + status(code) + suffix + ") — check the repository name and that the account"
            + " may access it" + (codes.contains("DENIED") && pushes(action)
                ? "; if the repository does not exist yet, create it first (ECR, or GHCR for an"
                    + " organisation that does not let members create packages)" : ""));
      case 404:
        return error(Kind.NOT_FOUND,
            "cannot " + action + " on registry " + registry + ": not found (" + status(code)
                + suffix + ")" + (codes.contains("NAME_UNKNOWN") && pushes(action)
                    ? " — create the repository first: registries such as ECR do not create"
                        + " one on push" : ""));
      case 407:
        return error(Kind.UNAUTHORIZED, "the proxy to registry " + registry + " refused the"
            + " request: cannot " + action + " (" + status(code) + ") — check the user and"
            + " password in the proxy URL (HTTP_PROXY, http_proxy)");
      case 429:
      case 503:
        return error(Kind.UNREACHABLE, "registry " + registry + " is busy: cannot " + action
            + " (" + status(code) + suffix + ", " + Retries.MAX_TRIES
            + " tries) — try again later");
      default:
        return error(Kind.PROTOCOL, "cannot " + action + " on registry " + registry
            + ": unexpected answer " + status(code) + suffix);
    }
  }

  /** Whether an action writes to the repository (a missing one may have to be created). */
  private static boolean pushes(String action) {
    return action.startsWith("push ") || action.startsWith("upload ")
        || action.startsWith("start an upload") || action.startsWith("mount ");
  }

  /** 401 from the registry or its token service. */
  RegistryException unauthorized() {
    String registry = endpoint.registry();
    if (credentials == null) {
      return error(Kind.UNAUTHORIZED, "registry " + registry + " requires authentication"
          + " (401 Unauthorized): pass --username and --password-stdin, or run 'docker login "
          + registry + "'");
    }
    return error(Kind.UNAUTHORIZED, "registry " + registry + " refused the credentials"
        + " (401 Unauthorized): check --username/--password-stdin or run 'docker login "
        + registry + "'");
  }

  /** The connection failed before an answer came. */
  RegistryException connection(IOException e, URI uri, String action) {
    boolean registryHost = endpoint.serves(uri);
    String registry = endpoint.registry();
    String who = who(uri);
    SSLException tls = cause(e, SSLException.class);
    if (tls != null && registryHost && TlsHints.plainAnswer(tls)) {
      return error(Kind.TLS, TlsHints.speaksPlainHttp(endpoint.address(uri.getScheme()),
          registry), e);
    }
    if (tls != null && TlsHints.emptyTrustStore(tls)) {
      return error(Kind.TLS, TlsHints.emptyTrustStore(endpoint.address(uri.getScheme())), e);
    }
    if (tls != null && registryHost && TlsHints.untrusted(tls)) {
      return untrustedCertificate(false, e);
    }
    if (tls != null) {
      String target = registryHost ? registry
          : uri.getHost() + " (the token service of registry " + registry + ")";
      String why = tlsReason(tls);
      String hint = why.contains("certificate")
          ? " — if it uses a private certificate authority, add it to Java's trust store;"
              + " if this registry uses plain HTTP, pass --insecure-registry " + registry
          : " — if this registry uses plain HTTP, pass --insecure-registry " + registry;
      return error(Kind.TLS, "TLS handshake with " + target + " failed: " + why + hint, e);
    }
    String reason;
    if (cause(e, HttpConnectTimeoutException.class) != null) {
      reason = "connection timed out";
    } else if (cause(e, UnresolvedAddressException.class) != null
        || cause(e, UnknownHostException.class) != null) {
      reason = "unknown host";
    } else if (cause(e, NoRouteToHostException.class) != null) {
      reason = "no route to host";
    } else if (cause(e, ConnectException.class) != null) {
      reason = "connection refused";
    } else if (cause(e, SocketTimeoutException.class) != null) {
      return timedOut(who, action, 1, e);
    } else {
      return error(Kind.UNREACHABLE, "connection to " + who + " failed: cannot " + action + " ("
          + dropReason(e) + ") — try again", e);
    }
    return error(Kind.UNREACHABLE, "cannot reach " + who + ": " + reason
        + " — is the address right and the registry running?", e);
  }

  /** The registry speaks HTTPS with a certificate this JVM does not trust. */
  RegistryException untrustedCertificate(boolean insecure, Throwable cause) {
    return error(Kind.TLS, TlsHints.untrustedCertificate(endpoint.address("https"),
        Endpoint.host(endpoint.authority()), insecure), cause);
  }

  /** No answer came within the timeout, {@code tries} times. */
  RegistryException timedOut(String who, String action, int tries, Throwable cause) {
    return error(Kind.UNREACHABLE, who + " did not answer within " + timeouts.describe()
        + ": cannot " + action + (tries > 1 ? " (" + tries + " tries)" : "")
        + " — try again later, or allow more time with " + Timeouts.VARIABLE + "=SECONDS", cause);
  }

  /** Who a connection to {@code uri} went to, for messages: the registry or its token service. */
  String who(URI uri) {
    if (endpoint.serves(uri)) {
      return "registry " + endpoint.address(uri.getScheme());
    }
    return uri.getHost() + ":" + (uri.getPort() >= 0 ? uri.getPort()
        : "http".equals(uri.getScheme()) ? 80 : 443)
        + " (the token service of registry " + endpoint.registry() + ")";
  }

  RegistryException protocol(String message) {
    return error(Kind.PROTOCOL, message);
  }

  RegistryException error(Kind kind, String message) {
    return new RegistryException(kind, redact(message));
  }

  RegistryException error(Kind kind, String message, Throwable cause) {
    return new RegistryException(kind, redact(message), cause);
  }

  /** The message with every form of the password and of this client's tokens hidden. */
  String redact(String message) {
    return redactor.redact(message);
  }

  /** {@code "; "} and the {@linkplain #details(Response) details} of an answer, or nothing. */
  static String detailsSuffix(Response response) {
    String details = details(response);
    return details.isEmpty() ? "" : "; " + details;
  }

  /** {@code CODE: message} of each entry of a registry's JSON error body, or a short text. */
  static String details(Response response) {
    return details(response.readSome(MAX_ERROR_BODY), response);
  }

  /** The {@code code} of each entry of a registry's JSON error body. */
  static Set<String> codes(byte[] body) {
    Set<String> codes = new LinkedHashSet<>();
    JsonNode errors = Json.read(body).map(json -> json.get("errors")).orElse(null);
    if (errors != null && errors.isArray()) {
      for (JsonNode error : errors) {
        String code = Json.text(error, "code");
        if (code != null && !code.isBlank()) {
          codes.add(code);
        }
      }
    }
    return codes;
  }

  private static String details(byte[] body, Response response) {
    if (body.length == 0) {
      return "";
    }
    var json = Json.read(body);
    if (json.isPresent()) {
      JsonNode errors = json.get().get("errors");
      List<String> parts = new ArrayList<>();
      if (errors != null && errors.isArray()) {
        for (JsonNode error : errors) {
          String code = Json.text(error, "code");
          String message = Json.text(error, "message");
          if (code != null && message != null) {
            parts.add(code + ": " + message);
          } else if (code != null || message != null) {
            parts.add(code != null ? code : message);
          }
        }
      } else {
        String detail = Json.text(json.get(), "details");
        if (detail == null) {
          detail = Json.text(json.get(), "error_description");
        }
        if (detail == null) {
          detail = Json.text(json.get(), "message");
        }
        if (detail != null) {
          parts.add(detail);
        }
      }
      return shorten(String.join("; ", parts));
    }
    String type = response.header("Content-Type").orElse("");
    if (type.startsWith("text/plain")) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      return shorten(text.lines().findFirst().orElse("").strip());
    }
    return "";
  }

  private static boolean insufficientScope(Response response) {
    for (String value : response.headers(Protocol.WWW_AUTHENTICATE)) {
      for (AuthChallenge challenge : AuthChallenge.parse(value)) {
        if ("insufficient_scope".equals(challenge.param("error"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String dropReason(IOException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof EOFException || message.contains("received no bytes")
        || message.contains("EOF reached")) {
      return "the connection was closed before an answer came";
    }
    if (message.toLowerCase(Locale.ROOT).contains("connection reset")) {
      return "the connection was reset";
    }
    return message.isEmpty() ? "the connection failed" : shorten(message);
  }

  private static String tlsReason(SSLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("PKIX") || message.contains("certification path")) {
      return "its certificate is not trusted (unknown certificate authority)";
    }
    if (message.contains("No subject alternative") || message.contains("No name matching")) {
      return "its certificate does not name this host";
    }
    if (message.contains("expired") || message.contains("validity")) {
      return "its certificate has expired or is not yet valid";
    }
    if (message.contains("Unsupported or unrecognized SSL message")
        || message.contains("plaintext connection")) {
      return "the server did not answer with TLS";
    }
    return message.isEmpty() ? e.getClass().getSimpleName() : shorten(message);
  }

  private static String shorten(String text) {
    return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text;
  }

  static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
