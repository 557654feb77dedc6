package dev.slim.registry;

import dev.slim.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * <p><b>Retries.</b> 429, 502, 503 and 504 are retried up to {@value Retries#MAX_TRIES} tries in
 * all, waiting as {@code Retry-After} says (at most 10 s each); a connection dropped mid-request,
 * or a request without an answer within the timeout, is sent once more. An upload that fails midway (dropped, unanswered, or its session forgotten by the
 * registry) is checked with a HEAD and, when the blob is not there, sent again in a new session,
 * up to {@value Retries#MAX_TRIES} sessions ({@link BlobUpload}).
 *
 * <p><b>Timeouts.</b> Every request, uploads included, gives up after 120 s without an answer,
 * or when sending it and getting the answer takes longer than that plus one second per MiB of
 * body ({@code SLIM_REGISTRY_TIMEOUT} changes the 120 s: {@link Builder#environment}).
 *
 * <p><b>Proxies.</b> {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (or lower
 * case) in the {@link Builder#environment environment} send requests through an HTTP proxy, with
 * the credentials of the proxy URL; loopback registries bypass it unless {@code NO_PROXY} is set.
 *
 * <p>This class checks the arguments and hands each call to the package's endpoint classes,
 * grouped by what they act on ({@link Blobs}, {@link Manifests}, {@link Listings}, {@link
 * Probes}), which speak through one {@link RegistryTransport}.
 */
public final class RegistryClient {

  private final RegistryTransport transport;
  private final Blobs blobs;
  private final Manifests manifests;
  private final Listings listings;
  private final Probes probes;

  private RegistryClient(Builder builder) {
    this.transport = new RegistryTransport(Endpoint.of(builder.registry), builder.credentials,
        builder.insecure, builder.userAgent, builder.plainHttpForLoopback, builder.timeouts,
        builder.proxies);
    this.blobs = new Blobs(transport);
    this.manifests = new Manifests(transport);
    this.listings = new Listings(transport);
    this.probes = new Probes(transport);
  }

  /** Starts a client for a registry host with an optional port, such as {@code ghcr.io}. */
  public static Builder builder(String registry) {
    return new Builder(registry);
  }

  /** The registry as given to {@link #builder(String)}. */
  public String registry() {
    return transport.registry();
  }

  /** How many HTTP requests this client has sent, token requests and retries included. */
  public int requestCount() {
    return transport.requestCount();
  }

  /**
   * The size of a blob in a repository, or empty when the repository does not have it.
   *
   * @param digest {@code sha256:…}
   */
  public Optional<Long> blobSize(String repository, String digest) throws RegistryException {
    Arguments.checkRepository(repository);
    Arguments.checkDigest(digest);
    return blobs.size(repository, digest, Protocol.pullScope(repository));
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
    Arguments.checkRepository(repository);
    Arguments.checkDigest(digest);
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
    return blobs.push(repository, digest, body, mountFrom);
  }

  /**
   * Starts sending a blob whose digest is not known yet ({@link BlobStream}): its bytes go to the
   * registry as they are written, and {@link BlobStream#result()} says what came of it. A
   * stream that fails leaves nothing half-stored; the caller then uses {@link #pushBlob}.
   */
  public BlobStream streamBlob(String repository) {
    Arguments.checkRepository(repository);
    return new BlobStream(transport, blobs, repository).start();
  }

  /**
   * Puts a manifest or index under a tag or digest and returns its digest (the sha256 of {@code
   * body}, checked against the registry's {@code Docker-Content-Digest}).
   */
  public String putManifest(String repository, String reference, byte[] body, String mediaType)
      throws RegistryException {
    Arguments.checkRepository(repository);
    Arguments.checkReference(reference);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(mediaType, "mediaType");
    return manifests.put(repository, reference, body, mediaType);
  }

  /**
   * A manifest or index by tag or digest, or empty when the registry has no such manifest or
   * repository. OCI and Docker v2 manifests and indexes are accepted.
   */
  public Optional<Manifest> getManifest(String repository, String reference)
      throws RegistryException {
    Arguments.checkRepository(repository);
    Arguments.checkReference(reference);
    return manifests.get(repository, reference);
  }

  /**
   * The bytes of a small blob, such as an image config, checked against its digest.
   *
   * @throws RegistryException of kind {@link Kind#NOT_FOUND} when absent, {@link Kind#PROTOCOL}
   *     when larger than 64 MiB or when the bytes do not match the digest
   */
  public byte[] getBlob(String repository, String digest) throws RegistryException {
    Arguments.checkRepository(repository);
    Arguments.checkDigest(digest);
    return blobs.read(repository, digest);
  }

  /**
   * A blob's bytes as a stream, for copying a large blob (such as a base image's layer) from one
   * registry to another without holding it in memory or on disk. The caller closes the stream;
   * the bytes are not checked here (the receiving registry checks them against the digest).
   *
   * @throws RegistryException of kind {@link Kind#NOT_FOUND} when absent
   */
  public InputStream openBlob(String repository, String digest) throws RegistryException {
    Arguments.checkRepository(repository);
    Arguments.checkDigest(digest);
    return blobs.open(repository, digest);
  }

  /** Every tag of a repository, in the registry's order, following {@code Link} pagination. */
  public List<String> tags(String repository) throws RegistryException {
    return tags(repository, 0, Protocol.MAX_NAMES);
  }

  /** Tags, asking for {@code pageSize} per page ({@code 0}: the registry's default). */
  public List<String> tags(String repository, int pageSize) throws RegistryException {
    return tags(repository, pageSize, Protocol.MAX_NAMES);
  }

  /**
   * Tags, each once, reading no further than {@code limit + 1}: more than {@code limit} names say
   * that the repository has more.
   *
   * @throws RegistryException of kind {@link Kind#PROTOCOL} when the pages loop
   */
  public List<String> tags(String repository, int pageSize, int limit) throws RegistryException {
    Arguments.checkRepository(repository);
    return listings.tags(repository, pageSize, limit);
  }

  /** Every repository of the registry ({@code /v2/_catalog}), following pagination. */
  public List<String> catalog() throws RegistryException {
    return catalog(0, Protocol.MAX_NAMES);
  }

  List<String> catalog(int pageSize) throws RegistryException {
    return catalog(pageSize, Protocol.MAX_NAMES);
  }

  /** Repositories, each once, reading no further than {@code limit + 1}, as {@link #tags}. */
  public List<String> catalog(int pageSize, int limit) throws RegistryException {
    return listings.catalog(pageSize, limit);
  }

  /** Deletes a manifest by digest (the registry must allow deletes). */
  public void deleteManifest(String repository, String digest) throws RegistryException {
    Arguments.checkRepository(repository);
    Arguments.checkDigest(digest);
    manifests.delete(repository, digest);
  }

  /**
   * The manifests whose {@code subject} is {@code digest}, from the OCI referrers API ({@code GET
   * /v2/REPO/referrers/DIGEST}); empty when the registry does not offer that API (it answers 404,
   * 405 or something that is not an index, as Distribution 2.8 does).
   */
  public Optional<List<Manifest.Child>> referrers(String repository, String digest)
      throws RegistryException {
    Arguments.checkRepository(repository);
    Arguments.checkDigest(digest);
    return listings.referrers(repository, digest);
  }

  /**
   * Whether the registry lets these credentials delete manifests of a repository. Asks to delete
   * a digest no manifest has: 404 means deletes are enabled, 405 (Distribution's default) or 403
   * that they are not. Nothing is deleted.
   */
  public boolean deleteEnabled(String repository) throws RegistryException {
    Arguments.checkRepository(repository);
    return probes.deleteEnabled(repository);
  }

  /** Whether the registry lists its repositories ({@code GET /v2/_catalog}) to this client. */
  public boolean catalogAllowed() throws RegistryException {
    return probes.catalogAllowed();
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
    private Proxies proxies = Proxies.NONE;

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
     * wait for an answer (default 120 s; sending a body may take one more second per MiB);
     * {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY}, or their lower-case forms,
     * name the proxy to go through ({@code http://[USER:PASSWORD@]HOST[:PORT]}, CONNECT for
     * HTTPS) and the hosts reached directly. Loopback registries are reached directly unless
     * {@code NO_PROXY} is set, which then alone decides ({@link Proxies}).
     *
     * @throws IllegalArgumentException naming the variable when its value is not such a number,
     *     or not such a proxy URL
     */
    public Builder environment(Map<String, String> environment) {
      this.timeouts = Timeouts.fromEnvironment(environment);
      this.proxies = Proxies.fromEnvironment(environment);
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
