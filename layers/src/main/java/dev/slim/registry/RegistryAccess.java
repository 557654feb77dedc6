package dev.slim.registry;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How to reach registries: explicit credentials (else the Docker config), which registries may use
 * plain HTTP, and the environment that locates the Docker config and credential helpers.
 */
public record RegistryAccess(
    String username, String password, Set<String> insecureRegistries,
    Map<String, String> environment) {

  public RegistryAccess {
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("username and password go together");
    }
    insecureRegistries = Set.copyOf(insecureRegistries);
    environment = Collections.unmodifiableMap(new TreeMap<>(environment));
  }

  @Override
  public String toString() {
    return "RegistryAccess[username=" + username + ", insecure=" + insecureRegistries + "]";
  }
}
