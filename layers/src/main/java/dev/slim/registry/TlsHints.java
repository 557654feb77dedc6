package dev.slim.registry;

import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;

/**
 * Recognises the two ways a registry and slim can disagree about TLS, and says what to do: TLS
 * spoken to a plain-HTTP port (the handshake gets a plain answer), and plain HTTP spoken to a TLS
 * port (Go's servers, Distribution among them, answer 400 "Client sent an HTTP request to an
 * HTTPS server"). A certificate Java does not trust is named as such, with how to trust it: {@code
 * --insecure-registry} only allows plain HTTP, it never skips certificate checks.
 */
final class TlsHints {

  private static final String HTTPS_SERVER = "HTTP request to an HTTPS server";

  private TlsHints() {}

  /** Whether a handshake failed because the server did not answer with TLS at all. */
  static boolean plainAnswer(SSLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return message.contains("Unsupported or unrecognized SSL message")
        || message.contains("plaintext connection");
  }

  /** Whether a handshake failed because the server's certificate chain is not trusted. */
  static boolean untrusted(SSLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return message.contains("PKIX") || message.contains("certification path");
  }

  /**
   * Whether an answer is a TLS server's reply to plain HTTP: 400 with that sentence as its body,
   * or (to a HEAD, whose body is not read) 400 without a single header, which only that reply is.
   */
  static boolean httpsServer(Response response, byte[] body) {
    return response.status() == 400
        && (new String(body, StandardCharsets.UTF_8).contains(HTTPS_SERVER)
            || (body.length == 0 && response.headerNames().isEmpty()));
  }

  static String speaksPlainHttp(String address, String registry) {
    return "registry " + address + " speaks plain HTTP, not HTTPS: pass --insecure-registry "
        + registry + " to let slim use plain HTTP with it";
  }

  static String untrustedCertificate(String address, String host, boolean insecure) {
    return "registry " + address + " speaks HTTPS with a certificate Java does not trust"
        + " (self-signed, or from a private certificate authority)"
        + (insecure ? "; --insecure-registry allows plain HTTP but still checks certificates" : "")
        + ": add the certificate to Java's trust store (keytool -importcert -cacerts -alias "
        + host + " -file CERT.pem) or name a trust store with"
        + " JAVA_TOOL_OPTIONS='-Djavax.net.ssl.trustStore=FILE"
        + " -Djavax.net.ssl.trustStorePassword=PASSWORD'";
  }

  /** Whether the trust store Java was given holds no certificate it could read. */
  static boolean emptyTrustStore(SSLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return message.contains("trustAnchors parameter must be non-empty");
  }

  static String emptyTrustStore(String address) {
    return "cannot check the certificate of registry " + address + ": the trust store Java was"
        + " given (javax.net.ssl.trustStore) holds no certificate it can read — check the file"
        + " and give its password with -Djavax.net.ssl.trustStorePassword=PASSWORD";
  }
}
