package dev.slim.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slim.registry.RegistryException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the credentials {@code docker login} left for a registry.
 *
 * <p>The config is {@code $DOCKER_CONFIG/config.json}, else {@code $HOME/.docker/config.json}.
 * In it, in this order:
 *
 * <ol>
 *   <li>{@code credHelpers} naming a helper for the registry: that helper's answer is final;
 *   <li>{@code credsStore}, the default helper: its answer is final too, even when {@code auths}
 *       also has an entry for the registry, as the Docker CLI does (with a store, {@code docker
 *       login} leaves only an empty marker in {@code auths}, and the CLI reads the store);
 *   <li>{@code auths} with an entry for the registry holding {@code auth} (base64 {@code
 *       user:password}), {@code username}/{@code password}, or {@code identitytoken} (also
 *       written {@code identityToken}).
 * </ol>
 *
 * <p>A helper {@code docker-credential-NAME} is looked up on the {@code PATH} of the given
 * environment, run with {@code get} and the server address on standard input ({@code
 * https://index.docker.io/v1/} for Docker Hub, else the registry host), and must answer within 30
 * seconds. Keys of {@code auths} and {@code credHelpers} may carry a scheme and a path ({@code
 * https://host/v1/}); Docker Hub's keys may be {@code docker.io}, {@code index.docker.io} or
 * {@code registry-1.docker.io}.
 */
public final class DockerConfigCredentials {

  static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

  private DockerConfigCredentials() {}

  /**
   * The credentials for a registry, or empty when the config has none.
   *
   * @param registry the registry host as in an {@link ImageRef}, such as {@code docker.io} or
   *     {@code localhost:5000}
   * @param env the environment: {@code DOCKER_CONFIG}, {@code HOME} and {@code PATH} are read
   *     from it, and credential helpers run with it
   * @throws RegistryException of kind {@link RegistryException.Kind#CREDENTIALS} when the config
   *     is unreadable or a helper is missing or fails
   */
  public static Optional<Credentials> lookup(String registry, Map<String, String> env)
      throws RegistryException {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(env, "env");
    Path file = configFile(env);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new RegistryException(Kind.CREDENTIALS,
          "cannot read the Docker config " + file + ": " + e.getMessage(), e);
    }
    JsonNode config;
    try {
      config = Json.readStrict(bytes);
    } catch (Json.JsonSyntaxException e) {
      throw new RegistryException(Kind.CREDENTIALS,
          "cannot read the Docker config " + file + ": " + e.getMessage()
              + " — fix it or run 'docker login " + registry + "' again");
    }
    String host = normalise(registry);

    Optional<JsonNode> helper = entryFor(config.get("credHelpers"), host);
    if (helper.isPresent() && helper.get().isTextual() && !helper.get().asText().isEmpty()) {
      return CredentialHelper.get(helper.get().asText(), serverAddress(host), registry,
          "credHelpers in " + file, env);
    }
    // The Docker CLI asks the store whenever one is configured and reads auths only without
    // one; slim follows it, so that both find the same credentials.
    JsonNode store = config.get("credsStore");
    if (store != null && store.isTextual() && !store.asText().isEmpty()) {
      return CredentialHelper.get(store.asText(), serverAddress(host), registry,
          "credsStore in " + file, env);
    }
    Optional<JsonNode> auth = entryFor(config.get("auths"), host);
    if (auth.isPresent()) {
      return fromAuthEntry(auth.get(), registry, file);
    }
    return Optional.empty();
  }

  static Path configFile(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    if (dir != null && !dir.isEmpty()) {
      return Path.of(dir, "config.json");
    }
    String home = env.get("HOME");
    if (home == null || home.isEmpty()) {
      home = System.getProperty("user.home");
    }
    return Path.of(home, ".docker", "config.json");
  }

  /** The host a config key or registry names: no scheme, no path, Docker Hub's aliases merged. */
  static String normalise(String keyOrRegistry) {
    String s = keyOrRegistry.trim();
    if (s.startsWith("https://")) {
      s = s.substring("https://".length());
    } else if (s.startsWith("http://")) {
      s = s.substring("http://".length());
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    if (s.equals("index.docker.io") || s.equals("registry-1.docker.io")
        || s.equals("registry.hub.docker.com")) {
      return ImageRef.DOCKER_HUB;
    }
    return s;
  }

  /** What credential helpers are asked for: Docker's legacy URL for Docker Hub, else the host. */
  static String serverAddress(String normalisedHost) {
    return normalisedHost.equals(ImageRef.DOCKER_HUB) ? DOCKER_HUB_SERVER : normalisedHost;
  }

  private static Optional<JsonNode> entryFor(JsonNode section, String host) {
    if (section == null || !section.isObject()) {
      return Optional.empty();
    }
    JsonNode exact = section.get(host);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (normalise(entry.getKey()).equals(host)) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  private static Optional<Credentials> fromAuthEntry(JsonNode entry, String registry, Path file)
      throws RegistryException {
    if (!entry.isObject()) {
      return Optional.empty();
    }
    String token = Json.text(entry, "identitytoken");
    if (token == null || token.isEmpty()) {
      token = Json.text(entry, "identityToken");
    }
    if (token != null && !token.isEmpty()) {
      return Optional.of(Credentials.identityToken(token));
    }
    String auth = Json.text(entry, "auth");
    if (auth != null && !auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = "";
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0 || colon == decoded.length() - 1) {
        throw new RegistryException(Kind.CREDENTIALS, "the \"auth\" entry for " + registry
            + " in " + file + " is not base64 of user:password — run 'docker login " + registry
            + "' again");
      }
      return Optional.of(
          new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    String username = Json.text(entry, "username");
    String password = Json.text(entry, "password");
    if (username != null && !username.isEmpty() && password != null && !password.isEmpty()) {
      return Optional.of(new Credentials(username, password));
    }
    return Optional.empty();
  }
}
