package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which credentials each registry's session sends: the explicit ones only to the registries
 * they are for, the Docker config's to every other, as two scripted registries that want Basic
 * authentication see them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionsCredentialsTest {

  private static final String DIGEST = "sha256:" + "0".repeat(64);

  @TempDir Path dockerConfig;
  private FakeRegistry target;
  private FakeRegistry base;
  private RegistryAccess alice;

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static FakeRegistry basicRegistry() throws IOException {
    return new FakeRegistry().handle((request, exchange) -> {
      if (request.authorization() == null) {
        exchange.header("WWW-Authenticate", "Basic realm=\"fake\"").send(401);
      } else {
        exchange.send(404);
      }
    });
  }

  @BeforeEach
  void start() throws IOException {
    target = basicRegistry();
    base = basicRegistry();
    Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{"
        + "\"" + target.host() + "\":{\"auth\":\"" + Base64.getEncoder().encodeToString(
            "carol:from-config".getBytes(StandardCharsets.UTF_8)) + "\"},"
        + "\"http://" + base.host() + "/v1/\":{\"username\":\"bob\",\"password\":\"b0b-pw\"}}}");
    alice = new RegistryAccess("alice", "al1ce-pw", Set.of(),
        Map.of("DOCKER_CONFIG", dockerConfig.toString()));
  }

  @AfterEach
  void stop() {
    target.close();
    base.close();
  }

  private static String sent(Sessions sessions, FakeRegistry registry) throws Exception {
    sessions.client(registry.host()).blobSize("app", DIGEST);
    return registry.requests().get(registry.requests().size() - 1).authorization();
  }

  @Test
  void explicitCredentialsGoToTheTargetOnlyAndTheConfigAnswersForTheRest() throws Exception {
    Sessions sessions = Sessions.forTarget(alice, target.host(), "slim/1");

    assertThat(sent(sessions, target)).isEqualTo(basic("alice", "al1ce-pw"));
    assertThat(sent(sessions, base)).isEqualTo(basic("bob", "b0b-pw"));
    assertThat(sessions.requestCount()).isEqualTo(4);
    assertThat(sessions.count()).isEqualTo(2);
    assertThat(alice.toString()).doesNotContain("al1ce-pw");
  }

  @Test
  void severalTargetsShareTheExplicitCredentials() throws Exception {
    Sessions sessions = Sessions.forTargets(alice, Set.of(target.host(), base.host()), "slim");

    assertThat(sent(sessions, target)).isEqualTo(basic("alice", "al1ce-pw"));
    assertThat(sent(sessions, base)).isEqualTo(basic("alice", "al1ce-pw"));
  }

  @Test
  void forAllSendsTheExplicitCredentialsEverywhere() throws Exception {
    Sessions sessions = Sessions.forAll(alice, "slim");

    assertThat(sent(sessions, base)).isEqualTo(basic("alice", "al1ce-pw"));
  }

  @Test
  void withoutExplicitCredentialsTheConfigDecidesAndAnUnknownRegistryGetsNone()
      throws Exception {
    RegistryAccess config = new RegistryAccess(null, null, Set.of(),
        Map.of("DOCKER_CONFIG", dockerConfig.toString()));
    Sessions sessions = Sessions.forTarget(config, target.host(), "slim");

    assertThat(sent(sessions, target)).isEqualTo(basic("carol", "from-config"));
    assertThat(Sessions.credentials(config, "127.0.0.1:1", false)).isEmpty();
    assertThat(Sessions.credentials(alice, "127.0.0.1:1", true))
        .contains(new Credentials("alice", "al1ce-pw"));
    assertThat(Sessions.credentials(alice, base.host(), false))
        .contains(new Credentials("bob", "b0b-pw"));
  }

}
