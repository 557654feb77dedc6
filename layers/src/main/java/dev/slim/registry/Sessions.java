package dev.slim.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One session per registry and run: the first step that talks to a registry opens its client
 * (credentials looked up once, tokens and the chosen scheme kept in it), and every later step
 * (base lookup, baseline, push, referrers, cleanup) shares that client. Thread-safe: uploads and
 * the baseline lookup ask for clients from their own threads.
 */
public final class Sessions {

  private final RegistryAccess access;
  private final Set<String> explicitFor;
  private final String userAgent;
  private final Map<String, RegistryClient> clients = new LinkedHashMap<>();

  private Sessions(RegistryAccess access, Set<String> explicitFor, String userAgent) {
    this.access = Objects.requireNonNull(access, "access");
    this.explicitFor = explicitFor;
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
  }

  /**
   * Sessions whose explicit user and password (if any) are for {@code target} only; every other
   * registry gets what the Docker config holds for it.
   */
  public static Sessions forTarget(RegistryAccess access, String target, String userAgent) {
    return new Sessions(access, Set.of(Objects.requireNonNull(target, "target")), userAgent);
  }

  /**
   * Sessions of a run of several builds: the explicit user and password (if any) are for the
   * {@code targets} (the registries the images go to) only.
   */
  public static Sessions forTargets(RegistryAccess access, Set<String> targets,
      String userAgent) {
    return new Sessions(access, Set.copyOf(targets), userAgent);
  }

  /** Sessions whose explicit user and password (if any) are for every registry. */
  public static Sessions forAll(RegistryAccess access, String userAgent) {
    return new Sessions(access, null, userAgent);
  }

  /**
   * The client of {@code registry}, made on the first call.
   *
   * @throws RegistryException when the Docker config or a credential helper cannot be read
   * @throws IllegalArgumentException for a malformed registry name
   */
  public synchronized RegistryClient client(String registry) throws RegistryException {
    RegistryClient existing = clients.get(registry);
    if (existing != null) {
      return existing;
    }
    boolean explicit = access.username() != null
        && (explicitFor == null || explicitFor.contains(registry));
    Credentials credentials = credentials(access, registry, explicit).orElse(null);
    RegistryClient client = RegistryClient.builder(registry)
        .credentials(credentials)
        .insecure(access.insecureRegistries().contains(registry))
        .userAgent(userAgent)
        .environment(access.environment())
        .build();
    clients.put(registry, client);
    return client;
  }

  /**
   * The credentials for {@code registry}, first found wins: the explicit ones, else the Docker
   * config's ({@code credHelpers}, {@code credsStore}, {@code auths}), else, for GCR, Artifact
   * Registry and ECR only, a cloud helper's or Google's Application Default Credentials (jib-core
   * is loaded only then).
   */
  static Optional<Credentials> credentials(RegistryAccess access, String registry,
      boolean explicit) throws RegistryException {
    if (explicit) {
      return Optional.of(new Credentials(access.username(), access.password()));
    }
    Optional<Credentials> configured = DockerConfigCredentials.lookup(registry,
        access.environment());
    if (configured.isPresent() || !CloudRegistries.known(registry)) {
      return configured;
    }
    return CloudCredentials.lookup(registry, access.environment());
  }

  /** Requests sent so far by every session, token requests and retries included. */
  public synchronized int requestCount() {
    return clients.values().stream().mapToInt(RegistryClient::requestCount).sum();
  }

  /** How many registries have a session (a client) so far. */
  public synchronized int count() {
    return clients.size();
  }
}
