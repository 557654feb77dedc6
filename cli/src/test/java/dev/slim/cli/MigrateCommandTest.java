package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.pipeline.BuildRequest;
import dev.slim.config.ConfigFile;
import dev.slim.migrate.Migration;
import dev.slim.plan.Base;
import dev.slim.plan.ImageFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        .contains("  CC=musl-gcc CGO_ENABLED=1 GOOS=linux go build -trimpath"
            + " -ldflags=\"-s -w -buildid= -linkmode external -extldflags -static\""
            + " -o ./gateway ./cmd/gateway\n");
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

  /** --compare builds what 'slim build' would build from the slim.yaml, every setting kept. */
  @Test
  void theComparisonBuildKeepsFormatSourceRevisionAnnotationsAndTzdata() throws Exception {
    Files.copy(Path.of(fixture("go-hello-linux-amd64")), dir.resolve("app"));
    Migration migration = new Migration(ConfigFile.parse("apiVersion: slim/v1\nkind: Image\n"
        + "binary: ./app\nbase: static+tzdata\nformat: docker\nsource: https://example.org/app\n"
        + "revision: abc123\nannotations: {org.example.team: web}\nuser: \"1000:1000\"\n",
        "slim.yaml", dir, Map.of()), null, List.of());

    BuildRequest request = MigrateCommand.compareRequest(migration, dir.resolve("Dockerfile"),
        "registry.example/app:1", Set.of("registry.example"), Map.of());

    assertThat(request.binaries()).containsExactly(dir.toAbsolutePath().resolve("app"));
    assertThat(request.baseline()).isEqualTo("registry.example/app:1");
    assertThat(request.push()).isFalse();
    assertThat(request.insecureRegistries()).containsExactly("registry.example");
    assertThat(request.plan().format()).isEqualTo(ImageFormat.DOCKER);
    assertThat(request.plan().source()).isEqualTo("https://example.org/app");
    assertThat(request.plan().revision()).isEqualTo("abc123");
    assertThat(request.plan().annotations()).containsExactly(Map.entry("org.example.team", "web"));
    assertThat(request.plan().base()).isEqualTo(new Base(Base.Kind.STATIC, null, true));
    assertThat(request.plan().user()).isEqualTo("1000:1000");
    assertThat(request.plan().createdDecided()).isFalse();
  }

  @Test
  void buildArgAndTargetAreReadAsDockerBuildReadsThem() throws Exception {
    Path file = dir.resolve("Dockerfile");
    Files.writeString(file, "ARG APP=worker\nFROM golang:1.22 AS build\nARG APP\nCOPY . .\n"
        + "RUN CGO_ENABLED=0 go build -o /out/$APP ./cmd/$APP\n"
        + "FROM scratch AS prod\nARG APP\nCOPY --from=build /out/$APP /app\nUSER 1:1\n"
        + "ENTRYPOINT [\"/app\"]\nFROM prod AS debug\nENV DEBUG=1\n");
    CliTest.Result r = run("migrate", file.toString(), "--build-arg", "APP=server",
        "--target", "prod");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("binary: ./server\n").doesNotContain("DEBUG");
    assertThat(r.err()).contains("go build -trimpath -ldflags=\"-s -w -buildid=\" -o ./server ./cmd/server\n");
  }

  @Test
  void anUnknownTargetIsExitTwoNamingTheStages() throws Exception {
    Path file = dir.resolve("Dockerfile");
    Files.writeString(file, "FROM golang:1.22 AS build\nRUN go build -o /app .\n"
        + "FROM scratch AS prod\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n");
    CliTest.Result r = run("migrate", file.toString(), "--target", "release");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --target release: Dockerfile has no stage named release;"
        + " its stages: build, prod\n");
  }

  @Test
  void aBuildArgThatIsNotANameIsExitTwo() throws Exception {
    CliTest.Result r = run("migrate", fixture("dockerfiles/go-distroless/Dockerfile"),
        "--build-arg", "=x");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --build-arg =x: '' is not an ARG name;");
  }

  @Test
  void platformTakesACommaListAndPrintsABuildPerPlatform() throws Exception {
    CliTest.Result r = run("migrate", fixture("dockerfiles/go-buildx-cd/Dockerfile"),
        "--platform", "linux/amd64,linux/arm/v7");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("binaries:\n  linux/amd64: ./api-linux-amd64\n"
        + "  linux/arm/v7: ./api-linux-arm-v7\n");
    assertThat(r.err()).contains("build the binary (for linux/arm/v7, stage 'build', line 5), in ")
        .contains("  CGO_ENABLED=0 GOOS=linux GOARCH=arm GOARM=7 go build -trimpath -ldflags=\"-s -w -buildid=\" -o ./api-linux-arm-v7"
            + " ./cmd/api\n")
        .doesNotContain("no --platform");
  }
}
