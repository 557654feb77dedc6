package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slim pin} and {@code slim build --pin}: output, exit codes, messages. */
class PinCommandTest {

  static final String D = "sha256:" + "4".repeat(64);
  static final String DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
      + "  name: app\nspec:\n  template:\n    spec:\n      containers:\n"
      + "      - name: app   # ours\n        image: reg.example/team/app:1.0\n"
      + "      - name: proxy\n        image: envoyproxy/envoy:v1\n";

  @TempDir Path tmp;

  private Path digests(String... lines) throws Exception {
    return Files.writeString(tmp.resolve("digests.txt"), String.join("\n", lines) + "\n");
  }

  @Test
  void pinsTheDigestFilesImagesAndPrintsTheChangedFiles() throws Exception {
    Path deploy = Files.writeString(tmp.resolve("deploy.yaml"), DEPLOYMENT);
    Path untouched = Files.writeString(tmp.resolve("other.yaml"), "kind: ConfigMap\n");

    CliTest.Result r = CliTest.run("pin", "--digests",
        digests("reg.example/team/app:1.0@" + D, "reg.example/team/app:latest@" + D).toString(),
        tmp.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(deploy + "\n");
    assertThat(r.err()).isEqualTo("pinned 1 image field in 1 file (2 read)\n");
    assertThat(Files.readString(deploy)).isEqualTo(DEPLOYMENT.replace(
        "reg.example/team/app:1.0", "reg.example/team/app@" + D));
    assertThat(Files.readString(untouched)).isEqualTo("kind: ConfigMap\n");
  }

  @Test
  void aDryRunPrintsTheDiffAndWritesNothing() throws Exception {
    Path deploy = Files.writeString(tmp.resolve("deploy.yaml"), DEPLOYMENT);

    CliTest.Result r = CliTest.run("pin", "--dry-run", "--digests",
        digests("reg.example/team/app:1.0@" + D, "ghcr.io/o/gone:1@" + D).toString(),
        deploy.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("--- " + deploy + "\n+++ " + deploy + "\n@@ -7,6 +7,6 @@\n"
        + "     spec:\n       containers:\n       - name: app   # ours\n"
        + "-        image: reg.example/team/app:1.0\n+        image: reg.example/team/app@" + D
        + "\n       - name: proxy\n         image: envoyproxy/envoy:v1\n");
    assertThat(r.err()).isEqualTo("slim pin: no file names ghcr.io/o/gone; nothing pinned for"
        + " it\nwould pin 1 image field in 1 file (1 read)\n");
    assertThat(Files.readString(deploy)).isEqualTo(DEPLOYMENT);
  }

  @Test
  void brokenYamlIsAUsageErrorNamingFileAndLine() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.yaml"), "a: [\n");
    CliTest.Result r = CliTest.run("pin", "--digests",
        digests("reg.example/team/app:1.0@" + D).toString(), bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("slim: " + bad + ":2: not valid YAML: ");
  }

  @Test
  void aDigestFileLineWithoutDigestIsAUsageError() throws Exception {
    Path deploy = Files.writeString(tmp.resolve("deploy.yaml"), DEPLOYMENT);
    Path file = digests("reg.example/team/app:1.0");
    CliTest.Result r = CliTest.run("pin", "--digests", file.toString(), deploy.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("slim: " + file + ":1: not an image reference with a sha256"
        + " digest (REGISTRY/REPOSITORY[:TAG]@sha256:…): reg.example/team/app:1.0\n"
        + "Run 'slim pin --help' for more information.\n");
  }

  @Test
  void withoutPathOrDigestsItPrintsTheSynopsis() {
    CliTest.Result r = CliTest.run("pin", "--digests", "x");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: Missing required parameter: 'PATH'\nUsage: slim pin");
  }

  @Test
  void buildPinWithoutPushIsAUsageErrorBeforeAnythingIsBuilt() throws Exception {
    Path deploy = Files.writeString(tmp.resolve("deploy.yaml"), DEPLOYMENT);
    Path archive = tmp.resolve("app.tar");
    CliTest.Result r = CliTest.run("build", CliTest.fixture("go-hello-linux-amd64"),
        "-o", archive.toString(), "--pin", deploy.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --pin writes the pushed digest into manifests: it"
        + " needs --push (or push: true in slim.yaml)\n");
    assertThat(archive).doesNotExist();
  }

  @Test
  void buildPinOfAMissingPathFailsBeforeThePush() throws Exception {
    CliTest.Result r = CliTest.run("build", CliTest.fixture("go-hello-linux-amd64"),
        "--image", "127.0.0.1:9/app:1", "--push", "--pin", tmp.resolve("nope").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --pin " + tmp.resolve("nope")
        + ": no such file or folder\n");
  }

  @Test
  void theHelpDocumentsTheCommandAndItsExitCodes() {
    CliTest.Result r = CliTest.run("pin", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--digests=FILE", "--dry-run", "Exit Codes:",
        "slim pin: a");
    assertThat(CliTest.run("build", "--help").out()).contains("--pin=PATH");
  }
}
