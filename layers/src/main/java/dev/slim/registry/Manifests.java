package dev.slim.registry;

import dev.slim.registry.RegistryException.Kind;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** The manifest endpoints ({@code /v2/REPO/manifests/REFERENCE}): get, put, delete. */
final class Manifests {

  private final RegistryTransport transport;
  private final Failures failures;

  Manifests(RegistryTransport transport) {
    this.transport = transport;
    this.failures = transport.failures();
  }

  /**
   * GET with every manifest and index type accepted; empty on a 404 from the registry itself (a
   * 404 where a redirect led is a failure), the bytes checked against the reference when it is a
   * digest and against {@code Docker-Content-Digest}.
   */
  Optional<Manifest> get(String repository, String reference) throws RegistryException {
    String name = Protocol.name(repository, reference);
    String action = "read manifest " + name;
    Response response = transport.send(Call.of("GET", path(repository, reference),
        Protocol.pullScope(repository), action)
        .header(Protocol.ACCEPT, Protocol.MANIFEST_ACCEPT)
        .redirectable());
    if (response.status() == 404) {
      response.discard();
      URI at = response.uri();
      URI asked = transport.baseUri().resolve(path(repository, reference));
      if (!at.getRawPath().equals(asked.getRawPath())
          || !Objects.equals(at.getRawAuthority(), asked.getRawAuthority())) {
        throw failures.protocol("registry " + transport.registry() + " redirected the read of"
            + " manifest " + name + " to " + at.getScheme() + "://" + at.getRawAuthority()
            + at.getRawPath() + ", which answered " + Failures.status(404));
      }
      return Optional.empty();
    }
    transport.expect(response, action, 200);
    byte[] raw = transport.readBody(response, Protocol.MAX_MANIFEST_BYTES, action);
    if (raw == null) {
      throw failures.protocol("manifest " + name + " on registry " + transport.registry()
          + " is larger than " + Protocol.MAX_MANIFEST_BYTES + " bytes");
    }
    String digest = ContentDigest.sha256(raw);
    if (ImageRef.isDigest(reference) && !ContentDigest.like(reference, raw).equals(reference)) {
      throw failures.protocol("registry " + transport.registry() + " sent manifest " + name
          + " whose bytes hash to " + ContentDigest.like(reference, raw));
    }
    Optional<String> said = response.header(Protocol.CONTENT_DIGEST);
    if (said.isPresent() && said.get().startsWith("sha256:") && !said.get().equals(digest)) {
      throw failures.protocol("registry " + transport.registry() + " said manifest " + name
          + " is " + said.get() + " but sent bytes that hash to " + digest);
    }
    return Optional.of(ManifestParser.parse(raw, digest,
        response.header(Protocol.CONTENT_TYPE).orElse(""), name, failures));
  }

  /** PUT; returns the sha256 of the body, checked against {@code Docker-Content-Digest}. */
  String put(String repository, String reference, byte[] body, String mediaType)
      throws RegistryException {
    String digest = ContentDigest.sha256(body);
    String name = Protocol.name(repository, reference);
    String action = "push manifest " + name;
    Response put = transport.send(Call.of("PUT", path(repository, reference),
        Protocol.pushScope(repository), action)
        .header(Protocol.CONTENT_TYPE, mediaType)
        .body(HttpBody.of(body.clone())));
    if (put.status() != 201) {
      throw failures.manifestRefused(put, action, mediaType);
    }
    put.discard();
    Optional<String> stored = put.header(Protocol.CONTENT_DIGEST);
    if (stored.isPresent() && !stored.get().equals(digest)) {
      throw failures.protocol("registry " + transport.registry() + " stored manifest " + name
          + " as " + stored.get() + " but its bytes hash to " + digest);
    }
    return digest;
  }

  /** DELETE by digest; 405 says the registry does not allow deletes. */
  void delete(String repository, String digest) throws RegistryException {
    String action = "delete manifest " + repository + "@" + digest;
    Response response = transport.send(Call.of("DELETE", path(repository, digest),
        Protocol.deleteScope(repository), action));
    if (response.status() == 405) {
      throw failures.error(Kind.PROTOCOL, "registry " + transport.registry() + " does not allow"
          + " deleting manifests (" + Failures.status(405) + Failures.detailsSuffix(response)
          + ")");
    }
    transport.expect(response, action, 202, 200, 204);
    response.discard();
  }

  static String path(String repository, String reference) {
    return "/v2/" + repository + "/manifests/" + reference;
  }
}
