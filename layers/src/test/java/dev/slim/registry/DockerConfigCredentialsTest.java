package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {

  @TempDir Path tmp;
  private Path configDir;
  private Path bin;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws IOException {
    configDir = Files.createDirectories(tmp.resolve("docker"));
    bin = Files.createDirectories(tmp.resolve("bin"));
    env = Map.of("DOCKER_CONFIG", configDir.toString(), "PATH", bin + ":/usr/bin:/bin",
        "HELPER_LOG", tmp.resolve("asked").toString());
    // A credential helper speaking Docker's protocol: server address on stdin, JSON on stdout.
    helper("test", """
        #!/bin/sh
        read -r server
        printf '%s' "$server" > "$HELPER_LOG"
        case "$server" in
          registry.example)
            echo '{"ServerURL":"registry.example","Username":"helper-user","Secret":"helper-pw"}' ;;
          https://index.docker.io/v1/)
            echo '{"Username":"<token>","Secret":"rt-1"}' ;;
          *)
            echo 'credentials not found in native keychain'; exit 1 ;;
        esac
        """);
  }

  @Test
  void decodesBase64AuthOfAHostKey() throws Exception {
    config("{\"auths\":{\"registry.example\":{\"auth\":\"" + base64("alice:s3cret:x") + "\"}}}");

    assertThat(lookup("registry.example")).contains(new Credentials("alice", "s3cret:x"));
  }

  @Test
  void matchesKeysWrittenWithSchemeAndPath() throws Exception {
    config("{\"auths\":{\"https://registry.example/v1/\":{\"auth\":\""
        + base64("alice:pw") + "\"}}}");

    assertThat(lookup("registry.example")).contains(new Credentials("alice", "pw"));
  }

  @Test
  void readsUsernameAndPasswordFields() throws Exception {
    config("{\"auths\":{\"localhost:5000\":{\"username\":\"bob\",\"password\":\"pw2\"}}}");

    assertThat(lookup("localhost:5000")).contains(new Credentials("bob", "pw2"));
  }

  @Test
  void findsDockerHubUnderItsLegacyKey() throws Exception {
    config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
        + base64("hubuser:hubpw") + "\"}}}");

    assertThat(lookup("docker.io")).contains(new Credentials("hubuser", "hubpw"));
  }

  @Test
  void takesAnIdentityTokenAsARefreshTokenCredential() throws Exception {
    config("{\"auths\":{\"registry.example\":{\"identitytoken\":\"refresh-xyz\"}}}");

    Credentials credentials = lookup("registry.example").orElseThrow();

    assertThat(credentials.isIdentityToken()).isTrue();
    assertThat(credentials.secret()).isEqualTo("refresh-xyz");
  }

  @Test
  void findsNothingWithoutAConfigFile() throws Exception {
    assertThat(lookup("registry.example")).isEmpty();
  }

  @Test
  void findsNothingForAnotherRegistry() throws Exception {
    config("{\"auths\":{\"registry.example\":{\"auth\":\"" + base64("a:b") + "\"}}}");

    assertThat(lookup("other.example")).isEmpty();
  }

  @Test
  void readsTheConfigUnderHomeWhenDockerConfigIsUnset() throws Exception {
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(home.resolve(".docker/config.json"),
        "{\"auths\":{\"registry.example\":{\"auth\":\"" + base64("h:pw") + "\"}}}");

    assertThat(DockerConfigCredentials.lookup("registry.example", Map.of("HOME", home.toString())))
        .contains(new Credentials("h", "pw"));
  }

  @Test
  void asksThePerRegistryCredentialHelperWithTheHostOnStdin() throws Exception {
    config("{\"credHelpers\":{\"registry.example\":\"test\"},"
        + "\"auths\":{\"registry.example\":{\"auth\":\"" + base64("file:ignored") + "\"}}}");

    assertThat(lookup("registry.example")).contains(new Credentials("helper-user", "helper-pw"));
    assertThat(Files.readString(tmp.resolve("asked"))).isEqualTo("registry.example");
  }

  @Test
  void asksTheDefaultStoreWithDockerHubsLegacyAddress() throws Exception {
    config("{\"credsStore\":\"test\",\"auths\":{\"https://index.docker.io/v1/\":{}}}");

    Credentials credentials = lookup("docker.io").orElseThrow();

    assertThat(Files.readString(tmp.resolve("asked"))).isEqualTo("https://index.docker.io/v1/");
    assertThat(credentials.isIdentityToken()).isTrue();
    assertThat(credentials.secret()).isEqualTo("rt-1");
  }

  @Test
  void prefersTheDefaultStoreOverAuthsAsTheDockerCliDoes() throws Exception {
    config("{\"credsStore\":\"test\",\"auths\":{\"registry.example\":{\"auth\":\""
        + base64("file:pw") + "\"}}}");

    assertThat(lookup("registry.example")).contains(new Credentials("helper-user", "helper-pw"));
  }

  @Test
  void findsNothingInAuthsWhenTheStoreHasNothingForTheRegistry() throws Exception {
    config("{\"credsStore\":\"test\",\"auths\":{\"unknown.example\":{\"auth\":\""
        + base64("file:pw") + "\"}}}");

    assertThat(lookup("unknown.example")).isEmpty();
  }

  @Test
  void mergesDockerHubsRegistryHubAliasWithItsOtherNames() throws Exception {
    for (String key : List.of("registry.hub.docker.com", "https://registry.hub.docker.com/v1/",
        "index.docker.io", "registry-1.docker.io", "docker.io")) {
      config("{\"auths\":{\"" + key + "\":{\"auth\":\"" + base64("hub:pw") + "\"}}}");

      assertThat(lookup("docker.io")).as(key).contains(new Credentials("hub", "pw"));
      assertThat(lookup("registry.hub.docker.com")).as(key)
          .contains(new Credentials("hub", "pw"));
    }
  }

  @Test
  void readsAnIdentityTokenWrittenInEitherCase() throws Exception {
    config("{\"auths\":{\"acr.example\":{\"identityToken\":\"refresh-camel\"},"
        + "\"registry.example\":{\"identitytoken\":\"refresh-lower\"}}}");

    assertThat(lookup("acr.example")).contains(Credentials.identityToken("refresh-camel"));
    assertThat(lookup("registry.example")).contains(Credentials.identityToken("refresh-lower"));
  }

  @Test
  void findsNothingWhenTheHelperHasNoCredentials() throws Exception {
    config("{\"credsStore\":\"test\"}");

    assertThat(lookup("unknown.example")).isEmpty();
  }

  @Test
  void namesTheMissingHelperAndWhereItWasConfigured() throws Exception {
    config("{\"credsStore\":\"nope\"}");

    assertThatThrownBy(() -> lookup("registry.example"))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.CREDENTIALS))
        .hasMessage("credential helper docker-credential-nope (credsStore in "
            + configDir.resolve("config.json") + ") is not on the PATH: install it, or remove"
            + " it from the config and run 'docker login registry.example' again");
  }

  @Test
  void reportsAFailingHelperWithItsErrorOutput() throws Exception {
    helper("broken", "#!/bin/sh\necho 'keychain locked' >&2\nexit 3\n");
    config("{\"credHelpers\":{\"registry.example\":\"broken\"}}");

    assertThatThrownBy(() -> lookup("registry.example"))
        .hasMessage("credential helper docker-credential-broken failed for registry.example"
            + " (exit 3): keychain locked — run 'docker login registry.example' again");
  }

  @Test
  void reportsMalformedConfigWithoutQuotingIt() throws Exception {
    config("{\"auths\":{\"registry.example\":{\"auth\":\"c2VjcmV0LXZhbHVl\" oops}}}");

    assertThatThrownBy(() -> lookup("registry.example"))
        .isInstanceOf(RegistryException.class)
        .hasMessage("cannot read the Docker config " + configDir.resolve("config.json")
            + ": it is not valid JSON (line 1, column 57) — fix it or run 'docker login"
            + " registry.example' again");
  }

  @Test
  void reportsAnAuthEntryThatIsNotUserColonPassword() throws Exception {
    config("{\"auths\":{\"registry.example\":{\"auth\":\"" + base64("no-colon") + "\"}}}");

    assertThatThrownBy(() -> lookup("registry.example"))
        .hasMessage("the \"auth\" entry for registry.example in "
            + configDir.resolve("config.json") + " is not base64 of user:password — run"
            + " 'docker login registry.example' again");
  }

  @Test
  void credentialsNeverShowTheirSecret() {
    assertThat(new Credentials("alice", "hunter2"))
        .hasToString("Credentials[username=alice, secret=****]");
  }

  private Optional<Credentials> lookup(String registry) throws RegistryException {
    return DockerConfigCredentials.lookup(registry, env);
  }

  private void config(String json) throws IOException {
    Files.writeString(configDir.resolve("config.json"), json);
  }

  private void helper(String name, String script) throws IOException {
    Path file = bin.resolve("docker-credential-" + name);
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
