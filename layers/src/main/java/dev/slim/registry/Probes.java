package dev.slim.registry;

import dev.slim.registry.RegistryException.Kind;
import java.util.List;

/** Questions about what the registry allows, asked so that nothing changes on it. */
final class Probes {

  private final RegistryTransport transport;

  Probes(RegistryTransport transport) {
    this.transport = transport;
  }

  /**
   * Asks to delete a digest no manifest has: 404 (or a success) means deletes are enabled; 405,
   * 403 or 401 that they are not.
   */
  boolean deleteEnabled(String repository) throws RegistryException {
    String digest = "sha256:" + "0".repeat(64);
    String action = "check whether manifests of " + repository + " may be deleted";
    Response response = transport.send(Call.of("DELETE", Manifests.path(repository, digest),
        Protocol.deleteScope(repository), action));
    int status = response.status();
    if (status == 405 || status == 403 || status == 401) {
      response.discard();
      return false;
    }
    transport.expect(response, action, 404, 202, 200);
    response.discard();
    return true;
  }

  /** Asks for one name of the catalog: 200 yes; 401, 403, 404, 405 no. */
  boolean catalogAllowed() throws RegistryException {
    String action = "list the repositories";
    Response response = transport.send(Call.of("GET", "/v2/_catalog?n=1",
        List.of(Protocol.CATALOG_SCOPE), action).redirectable());
    int status = response.status();
    response.discard();
    if (status == 200) {
      return true;
    }
    if (status == 401 || status == 403 || status == 404 || status == 405) {
      return false;
    }
    throw transport.failures().error(Kind.PROTOCOL, "cannot " + action + " on registry "
        + transport.registry() + ": unexpected answer " + Failures.status(status));
  }
}
