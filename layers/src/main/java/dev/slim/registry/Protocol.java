package dev.slim.registry;

import dev.slim.oci.MediaTypes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the endpoints, the transport, {@link Authenticator} and {@link Failures} share about the
 * Distribution API: header names, the media types a manifest read accepts, token scopes, query
 * encoding, and how much of an answer is read into memory.
 */
final class Protocol {

  /** The most bytes of a blob read into memory ({@link RegistryClient#getBlob}). */
  static final int MAX_BLOB_BYTES = 64 * 1024 * 1024;
  static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
  /** The most bytes of a JSON answer: a page of a list, referrers, a token. */
  static final int MAX_JSON_BYTES = 16 * 1024 * 1024;
  static final int MAX_REDIRECTS = 5;
  static final int MAX_PAGES = 10_000;
  /** How many tags or repositories a list holds unless the caller asks for fewer. */
  static final int MAX_NAMES = 100_000;

  static final String ACCEPT = "Accept";
  static final String CONTENT_TYPE = "Content-Type";
  static final String CONTENT_DIGEST = "Docker-Content-Digest";
  static final String LOCATION = "Location";
  static final String LINK = "Link";
  static final String AUTHORIZATION = "Authorization";
  static final String USER_AGENT = "User-Agent";
  static final String WWW_AUTHENTICATE = "WWW-Authenticate";

  /** Every manifest and index media type a read accepts. */
  static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST,
      MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LIST);
  static final String CATALOG_SCOPE = "registry:catalog:*";

  private Protocol() {}

  static List<String> pullScope(String repository) {
    return List.of("repository:" + repository + ":pull");
  }

  static List<String> pushScope(String repository) {
    return List.of("repository:" + repository + ":pull,push");
  }

  static List<String> deleteScope(String repository) {
    return List.of("repository:" + repository + ":delete");
  }

  /** {@code repo:tag} or {@code repo@digest}, for messages. */
  static String name(String repository, String reference) {
    return repository + (ImageRef.isDigest(reference) ? "@" : ":") + reference;
  }

  /** A value for a query string or form. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
