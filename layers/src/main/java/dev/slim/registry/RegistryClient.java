package dev.slim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slim.oci.MediaTypes;
import dev.slim.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * A client for one registry's OCI Distribution API. Thread-safe: blobs may be pushed in parallel.
 *
 * <p><b>Transport.</b> Loopback registries ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1})
 * are spoken to over plain HTTP, as Docker does; every other registry over HTTPS with the JVM's
 * normal certificate checks. A registry marked {@link Builder#insecure(boolean) insecure} is tried
 * over HTTPS first (still verified) and, when the TLS handshake or the connection fails, over plain
 * HTTP from then on. Redirects are followed for reads; credentials and tokens are only ever sent to
 * the registry's own host and port, and to the token service it names.
 *
 * <p><b>Authentication.</b> Nothing is sent until the registry answers 401. Then a {@code Basic}
 * challenge gets the credentials; a {@code Bearer} challenge makes the client fetch a token from
 * the realm for the scopes the call needs ({@code repository:NAME:pull} or {@code pull,push}),
 * with the credentials if any (an {@linkplain Credentials#isIdentityToken() identity token} is
 * exchanged as an OAuth2 refresh token), and retry once. Tokens are cached per scope, and after
 * the first challenge new scopes get their token before the request.
 *
 * <p><b>Retries.</b> 429 and 503 are retried up to {@value #MAX_TRIES} tries in all, waiting
 * as {@code Retry-After} says (at most 10 s each); a connection dropped mid-request is retried
 * once. An upload that fails midway (dropped, unanswered, or its session forgotten by the
 * registry) is checked with a HEAD and, when the blob is not there, sent again in a new session,
 * up to {@value #MAX_TRIES} sessions ({@link BlobUpload}).
 *
 * <p><b>Timeouts.</b> Every request, uploads included, gives up after 120 s without an answer,
 * or when sending it and getting the answer takes longer than that plus one second per MiB of
 * body ({@code SLIM_REGISTRY_TIMEOUT} changes the 120 s: {@link Builder#environment}).
 */
public final class RegistryClient {

  static final int MAX_TRIES = 3;
  static final long MAX_WAIT_MILLIS = 10_000;
  static final int MAX_BLOB_BYTES = 64 * 1024 * 1024;
  static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
  static final int MAX_JSON_BYTES = 16 * 1024 * 1024;
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_PAGES = 10_000;
  private static final int MAX_NAMES = 100_000;
  private static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST,
      MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LIST);
  private static final String CATALOG_SCOPE = "registry:catalog:*";

  private final Endpoint endpoint;
  private final Credentials credentials;
  private final boolean insecure;
  private final String userAgent;
  private final Failures failures;
  private final Timeouts timeouts;
  private final AtomicInteger requests = new AtomicInteger();
  private final Authenticator auth;
  private volatile String scheme;

  private RegistryClient(Builder builder) {
    this.endpoint = Endpoint.of(builder.registry);
    this.credentials = builder.credentials;
    this.insecure = builder.insecure;
    this.userAgent = builder.userAgent;
    this.scheme = endpoint.loopback() && builder.plainHttpForLoopback ? "http" : "https";
    this.timeouts = builder.timeouts;
    Map<String, String> tokens = new ConcurrentHashMap<>();
    this.failures = new Failures(endpoint, credentials, tokens::values, timeouts);
    this.auth = new Authenticator(endpoint, credentials, insecure, userAgent, tokens, failures,
        timeouts, this::transmit);
  }

  /** Starts a client for a registry host with an optional port, such as {@code ghcr.io}. */
  public static Builder builder(String registry) {
    return new Builder(registry);
  }

  /** The registry as given to {@link #builder(String)}. */
  public String registry() {
    return endpoint.registry();
  }

  /** How many HTTP requests this client has sent, token requests and retries included. */
  public int requestCount() {
    return requests.get();
  }

  /**
   * The size of a blob in a repository, or empty when the repository does not have it.
   *
   * @param digest {@code sha256:…}
   */
  public Optional<Long> blobSize(String repository, String digest) throws RegistryException {
    checkRepository(repository);
    checkDigest(digest);
    return headBlob(repository, digest, pullScope(repository));
  }

  /**
   * Puts a blob into a repository unless it is there already: HEAD first ({@link
   * UploadResult#EXISTED}); then, when {@code mountFrom} names another repository of this registry,
   * a cross-repository mount ({@link UploadResult#MOUNTED}); else one monolithic upload, the body
   * streamed from the source ({@link UploadResult#UPLOADED}), sent again in a new session when
   * it fails midway and a HEAD does not find the blob ({@link BlobUpload}).
   *
   * @param size the exact size in bytes; a file or byte source of another size is refused
   * @param mountFrom a repository of the same registry that has the blob, or {@code null}
   */
  public UploadResult pushBlob(String repository, String digest, long size, BlobSource source,
      String mountFrom) throws RegistryException {
    checkRepository(repository);
    checkDigest(digest);
    Objects.requireNonNull(source, "source");
    if (size < 0) {
      throw new IllegalArgumentException("negative blob size " + size);
    }
    HttpBody body;
    try {
      body = BlobSources.body(source, size);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read blob " + digest + ": " + e.getMessage(), e);
    }
    List<String> scopes = pushScope(repository);
    if (headBlob(repository, digest, scopes).isPresent()) {
      return UploadResult.EXISTED;
    }

    if (mountFrom != null) {
      checkRepository(mountFrom);
    }
    return new BlobUpload(this, repository, digest, body, scopes).run(mountFrom);
  }

  /**
   * Puts a manifest or index under a tag or digest and returns its digest (the sha256 of {@code
   * body}, checked against the registry's {@code Docker-Content-Digest}).
   */
  public String putManifest(String repository, String reference, byte[] body, String mediaType)
      throws RegistryException {
    checkRepository(repository);
    checkReference(reference);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(mediaType, "mediaType");
    String digest = sha256(body);
    String action = "push manifest " + repository + separator(reference) + reference;
    Response put = send(Call.of("PUT", "/v2/" + repository + "/manifests/" + reference,
        pushScope(repository), action)
        .header("Content-Type", mediaType)
        .body(HttpBody.of(body.clone())));
    expect(put, action, 201);
    put.discard();
    Optional<String> stored = put.header("Docker-Content-Digest");
    if (stored.isPresent() && !stored.get().equals(digest)) {
      throw failures.protocol("registry " + registry() + " stored manifest " + repository
          + separator(reference) + reference + " as " + stored.get() + " but its bytes hash to "
          + digest);
    }
    return digest;
  }

  /**
   * A manifest or index by tag or digest, or empty when the registry has no such manifest or
   * repository. OCI and Docker v2 manifests and indexes are accepted.
   */
  public Optional<Manifest> getManifest(String repository, String reference)
      throws RegistryException {
    checkRepository(repository);
    checkReference(reference);
    String name = repository + separator(reference) + reference;
    String action = "read manifest " + name;
    Response response = send(Call.of("GET", "/v2/" + repository + "/manifests/" + reference,
        pullScope(repository), action)
        .header("Accept", MANIFEST_ACCEPT)
        .redirectable());
    if (response.status() == 404) {
      response.discard();
      URI at = response.uri();
      URI asked = endpoint.base(scheme).resolve("/v2/" + repository + "/manifests/" + reference);
      if (!at.getRawPath().equals(asked.getRawPath())
          || !Objects.equals(at.getRawAuthority(), asked.getRawAuthority())) {
        throw failures.protocol("registry " + registry() + " redirected the read of manifest "
            + name + " to " + at.getScheme() + "://" + at.getRawAuthority() + at.getRawPath()
            + ", which answered " + Failures.status(404));
      }
      return Optional.empty();
    }
    expect(response, action, 200);
    byte[] raw = readBody(response, MAX_MANIFEST_BYTES, action);
    if (raw == null) {
      throw failures.protocol("manifest " + name + " on registry " + registry()
          + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
    }
    String digest = sha256(raw);
    if (ImageRef.isDigest(reference) && !digestOf(raw, reference).equals(reference)) {
      throw failures.protocol("registry " + registry() + " sent manifest " + name
          + " whose bytes hash to " + digestOf(raw, reference));
    }
    Optional<String> said = response.header("Docker-Content-Digest");
    if (said.isPresent() && said.get().startsWith("sha256:") && !said.get().equals(digest)) {
      throw failures.protocol("registry " + registry() + " said manifest " + name + " is "
          + said.get() + " but sent bytes that hash to " + digest);
    }
    return Optional.of(ManifestParser.parse(raw, digest,
        response.header("Content-Type").orElse(""), name, failures));
  }

  /**
   * The bytes of a small blob, such as an image config, checked against its digest.
   *
   * @throws RegistryException of kind {@link Kind#NOT_FOUND} when absent, {@link Kind#PROTOCOL}
   *     when larger than 64 MiB or when the bytes do not match the digest
   */
  public byte[] getBlob(String repository, String digest) throws RegistryException {
    checkRepository(repository);
    checkDigest(digest);
    String action = "read blob " + digest + " of " + repository;
    Response response = send(Call.of("GET", "/v2/" + repository + "/blobs/" + digest,
        pullScope(repository), action).redirectable());
    expect(response, action, 200);
    if (response.contentLength().orElse(0) > MAX_BLOB_BYTES) {
      response.discard();
      throw failures.protocol("blob " + digest + " of " + repository + " is larger than "
          + MAX_BLOB_BYTES + " bytes, too large to read into memory");
    }
    byte[] bytes = readBody(response, MAX_BLOB_BYTES, action);
    if (bytes == null) {
      throw failures.protocol("blob " + digest + " of " + repository + " is larger than "
          + MAX_BLOB_BYTES + " bytes, too large to read into memory");
    }
    String actual = digestOf(bytes, digest);
    if (!actual.equals(digest)) {
      throw failures.protocol("registry " + registry() + " sent blob " + digest + " of "
          + repository + " whose bytes hash to " + actual);
    }
    return bytes;
  }

  /**
   * A blob's bytes as a stream, for copying a large blob (such as a base image's layer) from one
   * registry to another without holding it in memory or on disk. The caller closes the stream;
   * the bytes are not checked here (the receiving registry checks them against the digest).
   *
   * @throws RegistryException of kind {@link Kind#NOT_FOUND} when absent
   */
  public InputStream openBlob(String repository, String digest) throws RegistryException {
    checkRepository(repository);
    checkDigest(digest);
    String action = "read blob " + digest + " of " + repository;
    Response response = send(Call.of("GET", "/v2/" + repository + "/blobs/" + digest,
        pullScope(repository), action).redirectable());
    expect(response, action, 200);
    return response.stream();
  }

  /** Every tag of a repository, in the registry's order, following {@code Link} pagination. */
  public List<String> tags(String repository) throws RegistryException {
    return tags(repository, 0, MAX_NAMES);
  }

  /** Tags, asking for {@code pageSize} per page ({@code 0}: the registry's default). */
  public List<String> tags(String repository, int pageSize) throws RegistryException {
    return tags(repository, pageSize, MAX_NAMES);
  }

  /**
   * Tags, each once, reading no further than {@code limit + 1}: more than {@code limit} names say
   * that the repository has more.
   *
   * @throws RegistryException of kind {@link Kind#PROTOCOL} when the pages loop
   */
  public List<String> tags(String repository, int pageSize, int limit) throws RegistryException {
    checkRepository(repository);
    return pages("/v2/" + repository + "/tags/list" + (pageSize > 0 ? "?n=" + pageSize : ""),
        pullScope(repository), "tags", "list the tags of " + repository, limit);
  }

  /** Every repository of the registry ({@code /v2/_catalog}), following pagination. */
  public List<String> catalog() throws RegistryException {
    return catalog(0, MAX_NAMES);
  }

  List<String> catalog(int pageSize) throws RegistryException {
    return catalog(pageSize, MAX_NAMES);
  }

  /** Repositories, each once, reading no further than {@code limit + 1}, as {@link #tags}. */
  public List<String> catalog(int pageSize, int limit) throws RegistryException {
    return pages("/v2/_catalog" + (pageSize > 0 ? "?n=" + pageSize : ""), List.of(CATALOG_SCOPE),
        "repositories", "list the repositories", limit);
  }

  /** Deletes a manifest by digest (the registry must allow deletes). */
  public void deleteManifest(String repository, String digest) throws RegistryException {
    checkRepository(repository);
    checkDigest(digest);
    String action = "delete manifest " + repository + "@" + digest;
    Response response = send(Call.of("DELETE", "/v2/" + repository + "/manifests/" + digest,
        List.of("repository:" + repository + ":delete"), action));
    if (response.status() == 405) {
      throw failures.error(Kind.PROTOCOL, "registry " + registry() + " does not allow deleting"
          + " manifests (" + Failures.status(405) + detailsSuffix(response) + ")");
    }
    expect(response, action, 202, 200, 204);
    response.discard();
  }

  /**
   * The manifests whose {@code subject} is {@code digest}, from the OCI referrers API ({@code GET
   * /v2/REPO/referrers/DIGEST}); empty when the registry does not offer that API (it answers 404,
   * 405 or something that is not an index, as Distribution 2.8 does).
   */
  public Optional<List<Manifest.Child>> referrers(String repository, String digest)
      throws RegistryException {
    checkRepository(repository);
    checkDigest(digest);
    String name = repository + "@" + digest;
    String action = "list the referrers of " + name;
    Response response = send(Call.of("GET", "/v2/" + repository + "/referrers/" + digest,
        pullScope(repository), action).header("Accept", MediaTypes.OCI_INDEX).redirectable());
    if (response.status() == 404 || response.status() == 405 || response.status() == 400) {
      response.discard();
      return Optional.empty();
    }
    expect(response, action, 200);
    byte[] raw = readBody(response, MAX_JSON_BYTES, action);
    JsonNode json = raw == null ? null : Json.read(raw).orElse(null);
    if (json == null || !json.isObject() || !json.has("manifests")) {
      return Optional.empty();
    }
    return Optional.of(ManifestParser.parse(raw, sha256(raw), MediaTypes.OCI_INDEX, name,
        failures).children());
  }

  /**
   * Whether the registry lets these credentials delete manifests of a repository. Asks to delete
   * a digest no manifest has: 404 means deletes are enabled, 405 (Distribution's default) or 403
   * that they are not. Nothing is deleted.
   */
  public boolean deleteEnabled(String repository) throws RegistryException {
    checkRepository(repository);
    String digest = "sha256:" + "0".repeat(64);
    String action = "check whether manifests of " + repository + " may be deleted";
    Response response = send(Call.of("DELETE", "/v2/" + repository + "/manifests/" + digest,
        List.of("repository:" + repository + ":delete"), action));
    int status = response.status();
    if (status == 405 || status == 403 || status == 401) {
      response.discard();
      return false;
    }
    expect(response, action, 404, 202, 200);
    response.discard();
    return true;
  }

  /** Whether the registry lists its repositories ({@code GET /v2/_catalog}) to this client. */
  public boolean catalogAllowed() throws RegistryException {
    String action = "list the repositories";
    Response response = send(Call.of("GET", "/v2/_catalog?n=1", List.of(CATALOG_SCOPE), action)
        .redirectable());
    int status = response.status();
    response.discard();
    if (status == 200) {
      return true;
    }
    if (status == 401 || status == 403 || status == 404 || status == 405) {
      return false;
    }
    throw failures.error(Kind.PROTOCOL, "cannot " + action + " on registry " + registry()
        + ": unexpected answer " + Failures.status(status));
  }

  // ---------------------------------------------------------------------------------------------

  Optional<Long> headBlob(String repository, String digest, List<String> scopes)
      throws RegistryException {
    String action = "check blob " + digest + " in " + repository;
    Response response = send(Call.of("HEAD", "/v2/" + repository + "/blobs/" + digest, scopes,
        action).redirectable());
    response.discard();
    if (response.status() == 404) {
      return Optional.empty();
    }
    expect(response, action, 200);
    var length = response.contentLength();
    if (length.isEmpty()) {
      throw failures.protocol("registry " + registry() + " did not say the size of blob " + digest
          + " in " + repository + " (no Content-Length)");
    }
    return Optional.of(length.getAsLong());
  }

  private List<String> pages(String first, List<String> scopes, String field, String action,
      int limit) throws RegistryException {
    Call call = Call.of("GET", first, scopes, action).redirectable();
    Listing listing = new Listing(endpoint.base(scheme).resolve(first), field,
        field.equals("tags") ? action.replace("list the tags", "tag list") : "repository list",
        limit);
    for (int page = 0; page < MAX_PAGES; page++) {
      Response response = send(call);
      expect(response, action, 200);
      String wrong;
      try {
        wrong = listing.read(response.stream(), MAX_JSON_BYTES);
      } catch (IOException e) {
        throw failures.connection(e, response.uri(), action);
      }
      if (wrong != null) {
        throw failures.protocol("registry " + registry() + " " + wrong + ": cannot " + action);
      }
      Optional<String> next = nextLink(response.headers("Link"));
      if (next.isEmpty() || listing.full()) {
        return List.copyOf(listing.names());
      }
      URI nextUri;
      try {
        nextUri = response.uri().resolve(next.get());
      } catch (IllegalArgumentException e) {
        throw failures.protocol("registry " + registry() + " sent a malformed Link header: cannot "
            + action);
      }
      String loop = listing.loop(nextUri);
      if (loop != null) {
        throw failures.protocol("registry " + registry() + " " + loop + "; cannot " + action);
      }
      call = Call.of("GET", nextUri, scopes, action).redirectable();
    }
    throw failures.protocol("registry " + registry() + " sent more than " + MAX_PAGES
        + " pages: cannot " + action);
  }

  /** The {@code rel="next"} target of {@code Link} headers. */
  static Optional<String> nextLink(List<String> headers) {
    return Listing.nextLink(headers);
  }

  // ----------------------------------------------------------------- sending, auth and retries

  /** One request to the registry, before authentication and retries. */
  record Call(String method, String path, URI uri, List<String> scopes, String action,
      Map<String, String> headers, HttpBody body, boolean upload, boolean followRedirects) {

    static Call of(String method, String path, List<String> scopes, String action) {
      return new Call(method, path, null, scopes, action, Map.of(), null, false, false);
    }

    static Call of(String method, URI uri, List<String> scopes, String action) {
      return new Call(method, null, uri, scopes, action, Map.of(), null, false, false);
    }

    Call header(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Call(method, path, uri, scopes, action, more, body, upload, followRedirects);
    }

    Call body(HttpBody publisher) {
      return new Call(method, path, uri, scopes, action, headers, publisher, upload,
          followRedirects);
    }

    Call asUpload() {
      return new Call(method, path, uri, scopes, action, headers, body, true, followRedirects);
    }

    Call redirectable() {
      return new Call(method, path, uri, scopes, action, headers, body, upload, true);
    }
  }

  /**
   * Sends a call, answering one authentication challenge, waiting out 429/503 and retrying a
   * dropped connection once (not an upload's: its session may be gone, {@link BlobUpload} starts
   * a new one). Returns whatever the registry answered last; the caller checks the status.
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
        headers.put("User-Agent", userAgent);
      }
      if (authorization != null && endpoint.serves(uri)) {
        headers.put("Authorization", authorization);
      }
      HttpTransport.Request request = new HttpTransport.Request(method, uri, headers,
          call.body() == null || method.equals("GET") || method.equals("HEAD")
              ? null : call.body(),
          timeouts);
      Response response;
      try {
        response = transmit(request);
      } catch (IOException e) {
        if (mayFallBackToHttp(uri, e)) {
          tlsFailure = Failures.cause(e, SSLException.class);
          scheme = "http";
          uri = withScheme(uri, "http");
          continue;
        }
        if (!ioRetried && Retries.isTransient(e) && !call.upload()) {
          ioRetried = true;
          continue;
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
      if ((status == 429 || status == 503) && tries < MAX_TRIES) {
        long wait = Retries.retryAfter(response, tries);
        response.discard();
        tries++;
        pause(wait);
        continue;
      }
      if (call.followRedirects() && isRedirect(status) && redirects < MAX_REDIRECTS) {
        Optional<String> location = response.header("Location");
        if (location.isPresent()) {
          response.discard();
          redirects++;
          uri = resolve(uri, location.get(), call.action());
          if (status == 303 && !method.equals("HEAD")) {
            method = "GET";
          }
          continue;
        }
      }
      return response;
    }
  }

  /** Sends one HTTP request and counts it. */
  private Response transmit(HttpTransport.Request request) throws IOException {
    requests.incrementAndGet();
    return HttpTransport.send(request);
  }

  private boolean mayFallBackToHttp(URI uri, IOException e) {
    return insecure && "https".equals(uri.getScheme()) && endpoint.serves(uri)
        && (Failures.cause(e, SSLException.class) != null
            || (Failures.cause(e, ConnectException.class) != null
                && Failures.cause(e, UnresolvedAddressException.class) == null));
  }

  private void pause(long millis) throws RegistryException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.error(Kind.UNREACHABLE, "interrupted while waiting for registry "
          + registry());
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private URI resolve(URI base, String location, String action) throws RegistryException {
    try {
      return base.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      throw failures.protocol("registry " + registry() + " sent a malformed Location: cannot "
          + action);
    }
  }

  URI location(Response response, String action) throws RegistryException {
    Optional<String> location = response.header("Location");
    if (location.isEmpty() || location.get().isBlank()) {
      throw failures.protocol("registry " + registry() + " did not say where to upload (no"
          + " Location): cannot " + action);
    }
    return resolve(response.uri(), location.get(), action);
  }

  private static URI withScheme(URI uri, String newScheme) {
    return URI.create(newScheme + uri.toString().substring(uri.getScheme().length()));
  }

  void expect(Response response, String action, int... expected)
      throws RegistryException {
    for (int status : expected) {
      if (response.status() == status) {
        return;
      }
    }
    throw failures.answer(response, action);
  }

  private byte[] readBody(Response response, int limit, String action)
      throws RegistryException {
    try {
      return response.read(limit);
    } catch (IOException e) {
      throw failures.connection(e, response.uri(), action);
    }
  }

  static String detailsSuffix(Response response) {
    String details = Failures.details(response);
    return details.isEmpty() ? "" : "; " + details;
  }

  // ------------------------------------------------------------------------------ validation

  Failures failures() {
    return failures;
  }

  /** The API root with the scheme in use now. */
  URI baseUri() {
    return endpoint.base(scheme);
  }

  private static List<String> pullScope(String repository) {
    return List.of("repository:" + repository + ":pull");
  }

  private static List<String> pushScope(String repository) {
    return List.of("repository:" + repository + ":pull,push");
  }

  private static void checkRepository(String repository) {
    if (!ImageRef.isRepository(repository)) {
      throw new IllegalArgumentException("invalid repository name \"" + repository
          + "\": use lowercase letters and digits, separated by '/', '.', '_', '__' or '-'");
    }
  }

  private static void checkDigest(String digest) {
    if (!ImageRef.isDigest(digest)) {
      throw new IllegalArgumentException("invalid digest \"" + digest
          + "\": use sha256: followed by 64 lowercase hex digits");
    }
  }

  private static void checkReference(String reference) {
    if (!ImageRef.isTag(reference) && !ImageRef.isDigest(reference)) {
      throw new IllegalArgumentException("invalid tag or digest \"" + reference + "\"");
    }
  }

  private static String separator(String reference) {
    return ImageRef.isDigest(reference) ? "@" : ":";
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String sha256(byte[] bytes) {
    return "sha256:" + hex("SHA-256", bytes);
  }

  /** The digest of the bytes with the algorithm of {@code like}. */
  private static String digestOf(byte[] bytes, String like) {
    return like.startsWith("sha512:") ? "sha512:" + hex("SHA-512", bytes) : sha256(bytes);
  }

  private static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }

  /**
   * Where the bytes of a blob come from. A source may be opened more than once (a request that is
   * retried sends the body again). Files are streamed, never read into memory whole.
   */
  @FunctionalInterface
  public interface BlobSource {

    /** A new stream over the whole blob. */
    InputStream open() throws IOException;

    /** The bytes of a file, streamed from disk. */
    static BlobSource of(Path file) {
      return new BlobSources.FileSource(file);
    }

    /** Bytes in memory (copied), for small blobs such as configs. */
    static BlobSource of(byte[] bytes) {
      return new BlobSources.BytesSource(bytes.clone());
    }
  }

  /** What {@link #pushBlob} did. */
  public enum UploadResult {
    /** The bytes were sent. */
    UPLOADED,
    /** The registry linked the blob from another repository; no bytes were sent. */
    MOUNTED,
    /** The repository already had the blob; nothing was sent. */
    EXISTED
  }

  /** Configures a {@link RegistryClient}. */
  public static final class Builder {
    private final String registry;
    private Credentials credentials;
    private boolean insecure;
    private String userAgent = "slim";
    private boolean plainHttpForLoopback = true;
    private Timeouts timeouts = Timeouts.defaults();

    private Builder(String registry) {
      Endpoint.of(registry);
      this.registry = registry;
    }

    /** What to authenticate with when the registry asks; {@code null} for anonymous access. */
    public Builder credentials(Credentials value) {
      this.credentials = value;
      return this;
    }

    /**
     * Whether plain HTTP is allowed: HTTPS is tried first (with normal certificate checks), and
     * when the TLS handshake or the connection fails the client uses HTTP from then on.
     * Loopback registries use plain HTTP either way.
     */
    public Builder insecure(boolean value) {
      this.insecure = value;
      return this;
    }

    /** The {@code User-Agent} header, such as {@code slim/1.0}. */
    public Builder userAgent(String value) {
      this.userAgent = Objects.requireNonNull(value, "userAgent");
      return this;
    }

    /**
     * Reads the process environment: {@code SLIM_REGISTRY_TIMEOUT} (seconds) sets how long to
     * wait for an answer (default 120 s; sending a body may take one more second per MiB).
     *
     * @throws IllegalArgumentException naming the variable when its value is not such a number
     */
    public Builder environment(Map<String, String> environment) {
      this.timeouts = Timeouts.fromEnvironment(environment);
      return this;
    }

    /** How long to wait for an answer (sending a body may take one more second per MiB). */
    Builder timeout(Duration answer) {
      this.timeouts = new Timeouts(answer);
      return this;
    }

    /** For tests: speak HTTPS to loopback registries too. */
    Builder plainHttpForLoopback(boolean value) {
      this.plainHttpForLoopback = value;
      return this;
    }

    public RegistryClient build() {
      return new RegistryClient(this);
    }
  }
}
