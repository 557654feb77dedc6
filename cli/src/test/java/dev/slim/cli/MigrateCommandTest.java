package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {

  @TempDir Path dir;

  @Test
  void writesSlimYamlAndPrintsNotesAndTheBuildCommandOnStderr() throws Exception {
    Path src = Path.of(fixture("dockerfiles/go-debian-slim-cgo"));
    Path out = dir.resolve("slim.yaml");
    CliTest.Result r = run("migrate", src.resolve("Dockerfile").toString(), "-o", out.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(out + "\n");
    assertThat(Files.readString(out)).isEqualTo(Files.readString(src.resolve("slim.yaml")));
    String dockerfile = src.resolve("Dockerfile").toString();
    assertThat(r.err()).contains(dockerfile + ":14: HEALTHCHECK")
        .contains(dockerfile + ":13: VOLUME /data: declare volumes")
        .contains("build the binary (stage 'build', line 5), in ")
        .contains("  CGO_ENABLED=0 GOOS=linux go build -o ./gateway ./cmd/gateway\n");
  }

  @Test
  void withoutOutputPrintsTheYaml() {
    CliTest.Result r = run("migrate", fixture("dockerfiles/rust-musl-alpine/Dockerfile"));
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("apiVersion: slim/v1\nkind: Image\n")
        .contains("binary: ./target/x86_64-unknown-linux-musl/release/proxy\n");
  }

  @Test
  void refusesToOverwriteWithoutForce() throws Exception {
    Path out = dir.resolve("slim.yaml");
    Files.writeString(out, "keep");
    CliTest.Result r = run("migrate", fixture("dockerfiles/go-distroless/Dockerfile"), "-o",
        out.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: " + out + " exists; use --force to overwrite it\n");
    assertThat(Files.readString(out)).isEqualTo("keep");
  }

  @Test
  void missingDockerfileIsExitTwo() {
    CliTest.Result r = run("migrate", dir.resolve("Dockerfile").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: Dockerfile not found: " + dir.resolve("Dockerfile"));
  }
}
