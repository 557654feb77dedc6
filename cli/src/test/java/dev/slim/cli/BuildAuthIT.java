package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.testing.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Credentials, CI outputs and baselines of {@code slim build --push}, against a real registry. */
class BuildAuthIT {

  private static final String USER = "ci-bot";
  private static final String PASSWORD = "s3cret-Pa55word";
  @RegisterExtension
  static final RegistryExtension registry = RegistryExtension.withBasicAuth(USER, PASSWORD);

  @TempDir Path tmp;

  private Map<String, String> emptyDockerConfig() throws Exception {
    Path config = Files.createDirectories(tmp.resolve("docker-empty"));
    Files.writeString(config.resolve("config.json"), "{}");
    return Map.of("DOCKER_CONFIG", config.toString(), "CI", "true");
  }

  @Test
  void wrongPasswordIsExitFourAndThePasswordIsNeverPrinted() throws Exception {
    String wrong = "wrong-" + PASSWORD;
    SlimProcess.Run run = SlimProcess.run(tmp, emptyDockerConfig(), wrong + "\n", "build",
        fixture("c-musl-static").toString(), "--image", registry.host() + "/auth/app:1", "--push",
        "--username", USER, "--password-stdin", "--verbose");
    assertThat(run.exit()).isEqualTo(4);
    assertThat(run.err()).contains(registry.host()).contains("401");
    assertThat(run.all()).doesNotContain(wrong).doesNotContain(PASSWORD);
  }

  @Test
  void noCredentialsIsExitFourWithAHint() throws Exception {
    SlimProcess.Run run = SlimProcess.run(tmp, emptyDockerConfig(), null, "build",
        fixture("c-musl-static").toString(), "--image", registry.host() + "/auth/app:2", "--push");
    assertThat(run.exit()).isEqualTo(4);
    assertThat(run.err()).contains("slim: registry " + registry.host() + " requires authentication")
        .doesNotContain("Exception");
  }

  @Test
  void passwordFromStdinPushesAndWritesDigestFileAndStepSummary() throws Exception {
    Path digestFile = tmp.resolve("out/digest.txt");
    Path summary = tmp.resolve("summary.md");
    Files.writeString(summary, "# earlier step\n");
    Map<String, String> env = new java.util.HashMap<>(emptyDockerConfig());
    env.put("GITHUB_STEP_SUMMARY", summary.toString());
    SlimProcess.Run run = SlimProcess.run(tmp, env, PASSWORD + "\n", "build",
        fixture("c-musl-static").toString(), "--image", registry.host() + "/auth/app:3", "--push",
        "--username", USER, "--password-stdin", "--digest-file", digestFile.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Files.readString(digestFile)).isEqualTo(run.out());
    assertThat(run.out()).startsWith(registry.host() + "/auth/app:3@sha256:");
    assertThat(Files.readString(summary)).startsWith("# earlier step\n")
        .contains("### slim build: `" + registry.host() + "/auth/app:3@sha256:");
    // in CI (no terminal) progress is plain lines, one per step
    assertThat(run.err()).contains("compressing binary /app...\n");
    assertThat(run.all()).doesNotContain(PASSWORD);
  }

  @Test
  void dockerConfigAuthsAreUsedAndBaselineIsCompared() throws Exception {
    Path config = Files.createDirectories(tmp.resolve("docker"));
    String auth = Base64.getEncoder()
        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    Files.writeString(config.resolve("config.json"),
        "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
    Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
    SlimProcess.Run big = SlimProcess.run(tmp, env, null, "build",
        fixture("go-hello-linux-amd64-unstripped").toString(), "--image",
        registry.host() + "/auth/big:1", "--push");
    assertThat(big.exit()).as(big.err()).isZero();
    Path report = tmp.resolve("r.json");
    SlimProcess.Run small = SlimProcess.run(tmp, env, null, "build",
        fixture("go-hello-linux-amd64").toString(), "--image", registry.host() + "/auth/small:1",
        "--push", "--baseline", registry.host() + "/auth/big:1", "--report-json",
        report.toString());
    assertThat(small.exit()).as(small.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    long before = json.path("size").path("before").path("compressed").asLong();
    long after = json.path("size").path("after").path("compressed").asLong();
    assertThat(before).isGreaterThan(after);
    assertThat(json.path("size").path("saved").path("bytes").asLong()).isEqualTo(before - after);
    assertThat(json.path("size").path("before").path("reference").asText())
        .isEqualTo(registry.host() + "/auth/big:1");
    assertThat(small.err()).contains("smaller");
  }
}
