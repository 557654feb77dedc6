package dev.slim.registry;

import dev.slim.registry.RegistryClient.UploadResult;
import dev.slim.registry.RegistryException.Kind;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One blob's upload into a repository, after the HEAD that found it missing: a cross-repository
 * mount when asked, else one monolithic upload session (POST, then PUT of the whole body).
 *
 * <p>When the PUT fails midway (the connection dropped, no answer within the timeout, or the
 * registry no longer knows the session: 404 {@code BLOB_UPLOAD_UNKNOWN}/{@code
 * BLOB_UPLOAD_INVALID}), the registry may have seen all of the body or none: a HEAD tells. A
 * blob that is there is done; else a new session is started and the body sent again (it is
 * re-read from its source), up to {@value Retries#MAX_TRIES} sessions in all. Sending into
 * the old session again would fail, since the registry drops a session whose PUT it saw.
 */
final class BlobUpload {

  private final RegistryTransport transport;
  private final Blobs blobs;
  private final Failures failures;
  private final String repository;
  private final String digest;
  private final HttpBody body;
  private final List<String> scopes;

  BlobUpload(RegistryTransport transport, Blobs blobs, String repository, String digest,
      HttpBody body, List<String> scopes) {
    this.transport = transport;
    this.blobs = blobs;
    this.failures = transport.failures();
    this.repository = repository;
    this.digest = digest;
    this.body = body;
    this.scopes = scopes;
  }

  UploadResult run(String mountFrom) throws RegistryException {
    String action = "upload blob " + digest + " to " + repository;
    RegistryException last = null;
    boolean allTimedOut = true;
    for (int tries = 1; tries <= Retries.MAX_TRIES; tries++) {
      Optional<URI> session = start(tries == 1 ? mountFrom : null);
      if (session.isEmpty()) {
        return UploadResult.MOUNTED;
      }
      Response put;
      try {
        put = transport.send(Call.of("PUT", withDigest(session.get(), digest), scopes, action)
            .header(Protocol.CONTENT_TYPE, "application/octet-stream")
            .body(body)
            .asUpload());
      } catch (RegistryException e) {
        if (!brokeOff(e)) {
          throw e;
        }
        allTimedOut &= Failures.cause(e, SocketTimeoutException.class) != null;
        last = e;
        put = null;
      }
      if (put != null) {
        if (put.status() == 201) {
          put.discard();
          checkStored(transport, put, repository, digest);
          return UploadResult.UPLOADED;
        }
        RegistryException failure = failures.answer(put, action);
        if (!sessionLost(put.status(), failure)) {
          throw failure;
        }
        allTimedOut = false;
        last = failure;
      }
      if (blobs.size(repository, digest, scopes).isPresent()) {
        return UploadResult.UPLOADED;
      }
    }
    if (allTimedOut) {
      throw failures.timedOut(failures.who(transport.baseUri()), action, Retries.MAX_TRIES,
          last);
    }
    throw last;
  }

  /** Starts a session (empty when a mount made one needless) and returns where to PUT. */
  private Optional<URI> start(String mountFrom) throws RegistryException {
    if (mountFrom != null && !mountFrom.equals(repository)) {
      MountAnswer answer = mount(mountFrom);
      if (answer instanceof Mounted) {
        return Optional.empty();
      }
      if (answer instanceof Opened opened) {
        return Optional.of(opened.session());
      }
      // Refused: upload as if no mount had been asked for
    }
    return Optional.of(open(transport, repository, scopes));
  }

  /** POSTs for a new upload session without a mount; its location. */
  static URI open(RegistryTransport transport, String repository, List<String> scopes)
      throws RegistryException {
    String action = "start an upload to " + repository;
    Response started = transport.send(Call.of("POST", "/v2/" + repository + "/blobs/uploads/",
        scopes, action).body(HttpBody.EMPTY));
    transport.expect(started, action, 202);
    URI session = transport.location(started, action);
    started.discard();
    return session;
  }

  /** What a mount request came to. */
  private sealed interface MountAnswer permits Mounted, Opened, Refused {}

  /** 201: the blob is linked, nothing to send. */
  private record Mounted() implements MountAnswer {}

  /**
   * 202 with a {@code Location}: an upload session to send the blob into (Distribution when the
   * source lacks the blob, ECR always).
   */
  private record Opened(URI session) implements MountAnswer {}

  /**
   * Anything else (Nexus, keppel and others answer mounts their own way), or a token refused for
   * the source repository: the upload starts afresh, since a mount only saves bytes and never
   * fails the push.
   */
  private record Refused() implements MountAnswer {}

  /** Asks for a cross-repository mount of the blob from {@code mountFrom}. */
  private MountAnswer mount(String mountFrom) throws RegistryException {
    List<String> mountScopes = List.of(scopes.get(0), "repository:" + mountFrom + ":pull");
    String action = "mount blob " + digest + " from " + mountFrom + " into " + repository;
    Response answer;
    try {
      answer = transport.send(Call.of("POST", "/v2/" + repository + "/blobs/uploads/?mount="
          + Protocol.encode(digest) + "&from=" + Protocol.encode(mountFrom), mountScopes, action)
          .body(HttpBody.EMPTY));
    } catch (RegistryException e) {
      if (e.kind() == Kind.UNAUTHORIZED || e.kind() == Kind.FORBIDDEN) {
        return new Refused();
      }
      throw e;
    }
    if (answer.status() == 201) {
      answer.discard();
      return new Mounted();
    }
    Optional<String> location = answer.header(Protocol.LOCATION);
    if (answer.status() == 202 && location.isPresent() && !location.get().isBlank()) {
      URI session = transport.location(answer, action);
      answer.discard();
      return new Opened(session);
    }
    answer.discard();
    return new Refused();
  }

  /** The session's URI without fragment, with {@code digest=} added to its query. */
  static URI withDigest(URI session, String digest) {
    String target = session.toString();
    int hash = target.indexOf('#');
    if (hash >= 0) {
      target = target.substring(0, hash);
    }
    return URI.create(target + (target.indexOf('?') >= 0 ? "&" : "?") + "digest="
        + Protocol.encode(digest));
  }

  /** Fails when the registry says it stored the blob under another digest. */
  static void checkStored(RegistryTransport transport, Response put, String repository,
      String digest) throws RegistryException {
    Optional<String> stored = put.header(Protocol.CONTENT_DIGEST);
    if (stored.isPresent() && !stored.get().equals(digest)) {
      throw transport.failures().protocol("registry " + transport.registry() + " stored blob " + digest + " of "
          + repository + " as " + stored.get() + ": the bytes sent do not match the digest");
    }
  }

  /** The connection failed or no answer came: the registry may have all, part or none of it. */
  private static boolean brokeOff(RegistryException e) {
    return e.kind() == Kind.UNREACHABLE && Failures.cause(e, IOException.class) != null;
  }

  private static boolean sessionLost(int status, RegistryException failure) {
    return failure.hasCode("BLOB_UPLOAD_UNKNOWN") || failure.hasCode("BLOB_UPLOAD_INVALID")
        || status == 404;
  }
}
