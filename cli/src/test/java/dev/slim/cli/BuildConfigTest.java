package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slim build DIR} reads DIR/slim.yaml; options override it. */
class BuildConfigTest {

  @TempDir Path dir;

  @BeforeEach
  void project() throws Exception {
    Files.copy(Path.of(fixture("go-hello-linux-amd64")), dir.resolve("app"));
  }

  private void config(String... lines) throws Exception {
    Files.writeString(dir.resolve("slim.yaml"), "apiVersion: slim/v1\nkind: Image\n"
        + String.join("\n", lines) + "\n");
  }

  @Test
  void folderArgumentReadsItsSlimYamlAndFlagsOverrideIt() throws Exception {
    config("image: team/app:2", "binary: ./app", "path: /bin/app", "user: \"1000:1000\"",
        "env: {A: file, B: file}", "reports:", "  json: r.json", "sbom: true");
    Path archive = dir.resolve("out.tar");
    CliTest.Result r = run("build", dir.toString(), "-o", archive.toString(), "--env", "B=flag",
        "--user", "2000:2000");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(archive + "\n");
    JsonNode report = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
    assertThat(report.path("image").path("reference").asText()).isEqualTo("team/app:2");
    assertThat(report.path("sbom").get(0).asText()).isEqualTo(dir.resolve("out.spdx.json")
        .toString());
    assertThat(dir.resolve("out.spdx.json")).exists();
    assertThat(r.err()).contains("binary /bin/app");
  }

  /**
   * A binary outside any git repository, named by a slim.yaml inside one: the slim.yaml's
   * repository gives the creation time.
   */
  @Test
  void theCommitOfTheRepositoryHoldingSlimYamlGivesTheCreationTime() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("SOURCE_DATE_EPOCH") == null);
    Path outside = Files.createDirectories(dir.resolve("outside"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dev.slim.plan.CreationTime.gitCommitTime(outside).isEmpty(),
        "the temporary folder is inside a git repository");
    Files.move(dir.resolve("app"), outside.resolve("app"));
    dev.slim.testing.GitRepo repo = dev.slim.testing.GitRepo.init(dir.resolve("project"));
    Files.writeString(repo.dir().resolve("slim.yaml"), "apiVersion: slim/v1\nkind: Image\n"
        + "binary: " + outside.resolve("app") + "\nreports: {json: r.json}\n");
    repo.commit("slim.yaml", java.time.Instant.parse("2024-06-01T00:00:00Z"));
    CliTest.Result r = run("build", repo.dir().toString(), "-o", dir.resolve("c.tar").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("warning: no creation time")
        .contains("creation time 2024-06-01T00:00:00Z (commit time of the git repository at "
            + repo.dir().toAbsolutePath().normalize() + ")");
  }

  @Test
  void aMistakeInTheFileIsExitTwoNamingFileLineAndProperty() throws Exception {
    config("binary: ./app", "ports: [http]");
    CliTest.Result r = run("build", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: " + dir.resolve("slim.yaml")
        + ":4: property 'ports[0]': 'http' is not a port; allowed: a number 1-65535,"
        + " optionally followed by /tcp or /udp (8080, 53/udp)\n");
  }

  @Test
  void annotationsFromTheFileReachTheManifestAndFlagsWinPerKey() throws Exception {
    config("binary: ./app", "annotations: {org.example.team: file, org.example.tier: file}");
    Path archive = dir.resolve("ann.tar");
    CliTest.Result r = run("build", dir.toString(), "-o", archive.toString(), "--annotation",
        "org.example.tier=flag");
    assertThat(r.exit()).as(r.err()).isZero();
    String all = new String(java.nio.file.Files.readAllBytes(archive),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(all).contains("\"org.example.team\":\"file\"")
        .contains("\"org.example.tier\":\"flag\"");
  }

  @Test
  void aFolderWithoutSlimYamlIsAUsageError() throws Exception {
    CliTest.Result r = run("build", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: " + dir + " is a folder without a slim.yaml");
  }

  @Test
  void aBinaryArgumentStillWorksWithoutAnyConfig() throws Exception {
    Path archive = dir.resolve("plain.tar");
    CliTest.Result r = run("build", dir.resolve("app").toString(), "-o", archive.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(archive).exists();
  }

  @Test
  void sbomOfAStaticBaseListsTheBaseFilesAndTheBinary() throws Exception {
    Path sbom = dir.resolve("sbom.json");
    CliTest.Result r = run("build", dir.resolve("app").toString(), "--base", "static", "-o",
        dir.resolve("s.tar").toString(), "--sbom-output", sbom.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(sbom.toFile());
    assertThat(doc.path("files").toString()).contains("\"./app\"").contains("./etc/passwd");
    assertThat(r.err()).contains("sbom    " + sbom);
  }

  @Test
  void noFileAndNoSlimYamlHereIsAUsageError() {
    CliTest.Result r = run("build");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: no FILE given and no slim.yaml in the current folder:"
        + " give the binary, a folder with a slim.yaml, or write one with 'slim init'\n");
  }

  @Test
  void oneBinaryPerPlatformFromSlimYamlGivesOneSbomPerPlatform() throws Exception {
    Files.copy(Path.of(fixture("go-hello-linux-arm64")), dir.resolve("app-arm64"));
    config("image: team/multi:1", "binaries:", "  linux/amd64: app", "  linux/arm64: app-arm64",
        "sbom:", "  output: out/sbom.spdx.json");
    CliTest.Result r = run("build", dir.toString(), "-o", dir.resolve("m.tar").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    Path amd64 = dir.resolve("out/sbom-linux-amd64.spdx.json");
    Path arm64 = dir.resolve("out/sbom-linux-arm64.spdx.json");
    assertThat(r.err()).contains("sbom    " + amd64).contains("sbom    " + arm64);
    JsonNode doc = new ObjectMapper().readTree(arm64.toFile());
    assertThat(doc.path("name").asText()).isEqualTo("team/multi:1 (linux/arm64)");
  }

  @Test
  void ignoreWarningsInTheFileSilencesThemAndAddsToTheFlag() throws Exception {
    Files.copy(Path.of(fixture("go-needs-linux-amd64")), dir.resolve("needs"));
    config("binary: ./needs", "ignoreWarnings: [no-zoneinfo, go-build-id]", "reports:",
        "  json: r.json");
    CliTest.Result r = run("build", dir.toString(), "-o", dir.resolve("o.tar").toString(),
        "--ignore-warning", "no-ca-bundle", "--fail-on-warning", "--created",
        "2026-01-01T00:00:00Z");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("warning");
    JsonNode report = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
    assertThat(report.path("warnings")).isEmpty();
  }

  @Test
  void anUnknownWarningNameInTheFileIsExitTwoNamingFileLine() throws Exception {
    config("binary: ./app", "ignoreWarnings:", "  - no-zoneinfo", "  - no-certs");
    CliTest.Result r = run("build", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: " + dir.resolve("slim.yaml")
        + ":6: property 'ignoreWarnings[1]': 'no-certs' is not a warning name; allowed:"
        + " no-ca-bundle, no-zoneinfo, no-creation-time, no-trimpath, go-build-id,"
        + " vcs-modified\n");
  }
}
