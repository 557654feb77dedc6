package dev.slim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slim.oci.MediaTypes;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The endpoints that list: tags and the catalog, page by page as {@code Link} headers lead (each
 * {@link Listing} guards one list against loops and floods), and the referrers of a manifest.
 */
final class Listings {

  private final RegistryTransport transport;
  private final Failures failures;

  Listings(RegistryTransport transport) {
    this.transport = transport;
    this.failures = transport.failures();
  }

  /** Tags, {@code pageSize} per page ({@code 0}: the registry's default), at most limit + 1. */
  List<String> tags(String repository, int pageSize, int limit) throws RegistryException {
    return pages("/v2/" + repository + "/tags/list" + (pageSize > 0 ? "?n=" + pageSize : ""),
        Protocol.pullScope(repository), "tags", "list the tags of " + repository, limit);
  }

  /** Repositories, as {@link #tags}. */
  List<String> catalog(int pageSize, int limit) throws RegistryException {
    return pages("/v2/_catalog" + (pageSize > 0 ? "?n=" + pageSize : ""),
        List.of(Protocol.CATALOG_SCOPE), "repositories", "list the repositories", limit);
  }

  /**
   * The referrers API's index of the manifests whose subject is {@code digest}, or empty when the
   * registry has no such API (404, 405, 400, or an answer that is not an index).
   */
  Optional<List<Manifest.Child>> referrers(String repository, String digest)
      throws RegistryException {
    String name = repository + "@" + digest;
    String action = "list the referrers of " + name;
    Response response = transport.send(Call.of("GET", "/v2/" + repository + "/referrers/"
        + digest, Protocol.pullScope(repository), action)
        .header(Protocol.ACCEPT, MediaTypes.OCI_INDEX).redirectable());
    if (response.status() == 404 || response.status() == 405 || response.status() == 400) {
      response.discard();
      return Optional.empty();
    }
    transport.expect(response, action, 200);
    byte[] raw = transport.readBody(response, Protocol.MAX_JSON_BYTES, action);
    JsonNode json = raw == null ? null : Json.read(raw).orElse(null);
    if (json == null || !json.isObject() || !json.has("manifests")) {
      return Optional.empty();
    }
    return Optional.of(ManifestParser.parse(raw, ContentDigest.sha256(raw), MediaTypes.OCI_INDEX,
        name, failures).children());
  }

  private List<String> pages(String first, List<String> scopes, String field, String action,
      int limit) throws RegistryException {
    Call call = Call.of("GET", first, scopes, action).redirectable();
    Listing listing = new Listing(transport.baseUri().resolve(first), field,
        field.equals("tags") ? action.replace("list the tags", "tag list") : "repository list",
        limit);
    String registry = transport.registry();
    for (int page = 0; page < Protocol.MAX_PAGES; page++) {
      Response response = transport.send(call);
      transport.expect(response, action, 200);
      String wrong;
      try {
        wrong = listing.read(response.stream(), Protocol.MAX_JSON_BYTES);
      } catch (IOException e) {
        throw failures.connection(e, response.uri(), action);
      }
      if (wrong != null) {
        throw failures.protocol("registry " + registry + " " + wrong + ": cannot " + action);
      }
      Optional<String> next = Listing.nextLink(response.headers(Protocol.LINK));
      if (next.isEmpty() || listing.full()) {
        return List.copyOf(listing.names());
      }
      URI nextUri;
      try {
        nextUri = response.uri().resolve(next.get());
      } catch (IllegalArgumentException e) {
        throw failures.protocol("registry " + registry + " sent a malformed Link header: cannot "
            + action);
      }
      String loop = listing.loop(nextUri);
      if (loop != null) {
        throw failures.protocol("registry " + registry + " " + loop + "; cannot " + action);
      }
      call = Call.of("GET", nextUri, scopes, action).redirectable();
    }
    throw failures.protocol("registry " + registry + " sent more than " + Protocol.MAX_PAGES
        + " pages: cannot " + action);
  }
}
