package dev.slim.registry;

import dev.slim.registry.RegistryClient.UploadResult;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** The blob endpoints ({@code /v2/REPO/blobs/…}): HEAD, GET into memory or as a stream, push. */
final class Blobs {

  private final RegistryTransport transport;

  Blobs(RegistryTransport transport) {
    this.transport = transport;
  }

  /** HEAD: the blob's size, or empty when the repository does not have it. */
  Optional<Long> size(String repository, String digest, List<String> scopes)
      throws RegistryException {
    String action = "check blob " + digest + " in " + repository;
    Response response = transport.send(Call.of("HEAD", path(repository, digest), scopes,
        action).redirectable());
    response.discard();
    if (response.status() == 404) {
      return Optional.empty();
    }
    transport.expect(response, action, 200);
    var length = response.contentLength();
    if (length.isEmpty()) {
      throw transport.failures().protocol("registry " + transport.registry()
          + " did not say the size of blob " + digest + " in " + repository
          + " (no Content-Length)");
    }
    return Optional.of(length.getAsLong());
  }

  /** GET into memory, at most {@link Protocol#MAX_BLOB_BYTES}, checked against the digest. */
  byte[] read(String repository, String digest) throws RegistryException {
    String action = "read blob " + digest + " of " + repository;
    Response response = get(repository, digest, action);
    if (response.contentLength().orElse(0) > Protocol.MAX_BLOB_BYTES) {
      response.discard();
      throw tooLarge(repository, digest);
    }
    byte[] bytes = transport.readBody(response, Protocol.MAX_BLOB_BYTES, action);
    if (bytes == null) {
      throw tooLarge(repository, digest);
    }
    String actual = ContentDigest.like(digest, bytes);
    if (!actual.equals(digest)) {
      throw transport.failures().protocol("registry " + transport.registry() + " sent blob "
          + digest + " of " + repository + " whose bytes hash to " + actual);
    }
    return bytes;
  }

  /** GET as a stream, unchecked; the caller closes it. */
  InputStream open(String repository, String digest) throws RegistryException {
    return get(repository, digest, "read blob " + digest + " of " + repository).stream();
  }

  /**
   * HEAD, then (when missing) a mount from {@code mountFrom} or an upload of {@code body}
   * ({@link BlobUpload}).
   */
  UploadResult push(String repository, String digest, HttpBody body, String mountFrom)
      throws RegistryException {
    List<String> scopes = Protocol.pushScope(repository);
    if (size(repository, digest, scopes).isPresent()) {
      return UploadResult.EXISTED;
    }
    if (mountFrom != null) {
      Arguments.checkRepository(mountFrom);
    }
    return new BlobUpload(transport, this, repository, digest, body, scopes).run(mountFrom);
  }

  private Response get(String repository, String digest, String action)
      throws RegistryException {
    Response response = transport.send(Call.of("GET", path(repository, digest),
        Protocol.pullScope(repository), action).redirectable());
    transport.expect(response, action, 200);
    return response;
  }

  private RegistryException tooLarge(String repository, String digest) {
    return transport.failures().protocol("blob " + digest + " of " + repository
        + " is larger than " + Protocol.MAX_BLOB_BYTES + " bytes, too large to read into memory");
  }

  private static String path(String repository, String digest) {
    return "/v2/" + repository + "/blobs/" + digest;
  }
}
