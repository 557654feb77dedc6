package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.registry.RegistryException.Kind;
import dev.slim.testing.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RegistryClient} against a docker-registry that requires htpasswd (Basic) auth. */
class RegistryAuthIT {

  private static final String USER = "slim";
  private static final String PASSWORD = "correct-horse-7";
  private static RegistryServer registry;

  @BeforeAll
  static void startRegistry() throws Exception {
    RegistryServer.assumeAvailable();
    registry = RegistryServer.startWithBasicAuth(USER, PASSWORD);
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void pushesAndReadsWithTheRightPassword() throws Exception {
    RegistryClient client = RegistryClient.builder(registry.host())
        .credentials(new Credentials(USER, PASSWORD)).build();

    RegistryClientIT.pushImage(client, "auth/app", "v1");

    assertThat(client.tags("auth/app")).containsExactly("v1");
  }

  @Test
  void refusesAWrongPasswordWithoutShowingIt() {
    String wrong = "wrong-" + PASSWORD;
    RegistryClient client = RegistryClient.builder(registry.host())
        .credentials(new Credentials(USER, wrong)).build();

    assertThatThrownBy(() -> client.blobSize("auth/app", ContentDigest.sha256(new byte[0])))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
          assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(PASSWORD);
        })
        .hasMessage("registry " + registry.host() + " refused the credentials (401"
            + " Unauthorized): check --username/--password-stdin or run 'docker login "
            + registry.host() + "'");
  }

  @Test
  void saysHowToLogInWithoutCredentials() {
    RegistryClient client = RegistryClient.builder(registry.host()).build();

    assertThatThrownBy(() -> client.tags("auth/app"))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
        .hasMessage("registry " + registry.host() + " requires authentication (401"
            + " Unauthorized): pass --username and --password-stdin, or run 'docker login "
            + registry.host() + "'");
  }
}
