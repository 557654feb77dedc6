package dev.slim.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.slim.registry.RegistryException.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from the cloud, through jib-core's retrievers, for a registry the Docker config
 * has nothing for: first the well-known helper of the host ({@code docker-credential-gcr} for
 * {@code *gcr.io}, {@code docker-credential-ecr-login} for {@code *amazonaws.com}), then Google's
 * Application Default Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's
 * application-default login, the metadata server) for {@code *gcr.io} and
 * {@code *docker.pkg.dev}, as an {@code oauth2accesstoken} login.
 *
 * <p>The only class that sees jib-core; {@link Sessions} reaches it only for a host
 * {@link CloudRegistries} knows. jib runs a helper with slim's environment, but the JVM finds
 * the helper's program on the JVM's own {@code PATH}; Google's library reads the process
 * environment.
 */
final class CloudCredentials {

  private CloudCredentials() {}

  /**
   * The credentials a helper or Google's Application Default Credentials give, or empty.
   *
   * @throws RegistryException of kind {@link Kind#CREDENTIALS} when a helper fails or the
   *     Application Default Credentials cannot give a token
   */
  static Optional<Credentials> lookup(String registry, Map<String, String> env)
      throws RegistryException {
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(
        ImageReference.of(registry, "slim", null), event -> { }, env);
    for (CredentialRetriever retriever : List.of(factory.wellKnownCredentialHelpers(),
        factory.googleApplicationDefaultCredentials())) {
      Optional<Credential> found;
      try {
        found = retriever.retrieve();
      } catch (CredentialRetrievalException e) {
        throw new RegistryException(Kind.CREDENTIALS, "cannot get cloud credentials for "
            + registry + ": " + e.getMessage() + " — run 'docker login " + registry
            + "', or fix the cloud SDK's credential helper or login", e);
      }
      if (found.isPresent()) {
        return Optional.of(of(registry, found.get()));
      }
    }
    return Optional.empty();
  }

  private static Credentials of(String registry, Credential credential)
      throws RegistryException {
    try {
      return credential.isOAuth2RefreshToken()
          ? Credentials.identityToken(credential.getPassword())
          : new Credentials(credential.getUsername(), credential.getPassword());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new RegistryException(Kind.CREDENTIALS, "the cloud credentials for " + registry
          + " are unusable: " + e.getMessage());
    }
  }
}
