package dev.slim.push;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import dev.slim.registry.Sessions;

/** A registry's client from the run's sessions, its failures as slim's. */
final class Clients {

  private Clients() {}

  static RegistryClient of(Sessions sessions, String registry) throws SlimException {
    try {
      return sessions.client(registry);
    } catch (RegistryException e) {
      throw error(e);
    } catch (IllegalArgumentException e) {
      throw new SlimException(Reason.USAGE, e.getMessage(), e);
    }
  }

  static SlimException error(RegistryException e) {
    return new SlimException(Reason.REGISTRY, e.getMessage(), e);
  }
}
