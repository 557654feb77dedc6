package dev.slim.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.config.ConfigFile;
import dev.slim.config.SlimConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class MigratorTest {

  static Path dockerfiles() {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), "dockerfiles");
  }

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(dockerfiles())) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.equals("real")).sorted()
          .toList().stream();
    }
  }

  @Test
  void thereAreADozenFixtureDockerfiles() throws IOException {
    assertThat(cases().count()).isGreaterThanOrEqualTo(12);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void migratesEachFixtureToTheExpectedSlimYaml(String name) throws Exception {
    Path dir = dockerfiles().resolve(name);
    if (Files.exists(dir.resolve("refused.txt"))) {
      // no working image: refused (exit 6) with the reason, never a wrong binary
      assertThatThrownBy(() -> Migrator.migrate(dir.resolve("Dockerfile")))
          .isInstanceOf(SlimException.class)
          .hasMessage(Files.readString(dir.resolve("refused.txt")).strip())
          .extracting(e -> ((SlimException) e).reason())
          .isEqualTo(SlimException.Reason.UNMIGRATABLE);
      return;
    }
    Migration migration = Migrator.migrate(dir.resolve("Dockerfile"));
    String yaml = ConfigFile.render(migration.config(), migration.headerComments("Dockerfile"));
    assertThat(yaml).isEqualTo(Files.readString(dir.resolve("slim.yaml")));
    // and the written file is a valid slim.yaml once the binary exists
    Path tmp = Files.createTempDirectory("migrate");
    for (SlimConfig.Binary b : migration.config().binaries()) {
      Path binary = tmp.resolve(b.path());
      Files.createDirectories(binary.getParent());
      Files.writeString(binary, "x");
    }
    SlimConfig read = ConfigFile.parse(yaml, "slim.yaml", tmp, Map.of());
    assertThat(read.path()).isEqualTo(migration.config().path());
    assertThat(read.args()).isEqualTo(migration.config().args());
    assertThat(read.env()).isEqualTo(migration.config().env());
    assertThat(read.ports()).isEqualTo(migration.config().ports());
    assertThat(read.user()).isEqualTo(migration.config().user());
  }

  @Test
  void carriesTheGoDistrolessFinalStage() throws Exception {
    Migration m = Migrator.migrate(dockerfiles().resolve("go-distroless/Dockerfile"));
    assertThat(m.config().binaries().get(0).path()).isEqualTo("./server");
    assertThat(m.config().path()).isEqualTo("/server");
    assertThat(m.config().args()).containsExactly("--listen", ":8080");
    assertThat(m.config().ports()).containsExactly("8080");
    assertThat(m.config().user()).isEqualTo("65532:65532");
    assertThat(m.build().command()).isEqualTo(
        "CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags=\"-s -w -buildid=\" -o ./server ./cmd/server");
    assertThat(m.build().stage()).isEqualTo("build");
    assertThat(m.build().line()).isEqualTo(7);
  }

  @Test
  void addsCgoEnabledZeroAndNamesTheLine() throws Exception {
    Migration m = Migrator.migrate(dockerfiles().resolve("go-alpine-shell-cmd/Dockerfile"));
    assertThat(m.build().command()).startsWith("CGO_ENABLED=0 ");
    assertThat(m.notes()).anySatisfy(n -> {
      assertThat(n.line()).isEqualTo(5);
      assertThat(n.why()).startsWith("CGO_ENABLED=0 added");
    });
    // shell-form CMD: split into words, $PORT expanded from ENV
    assertThat(m.config().args()).containsExactly("--port", "8080");
    assertThat(m.notes()).anySatisfy(n -> {
      assertThat(n.line()).isEqualTo(15);
      assertThat(n.why()).contains("shell form");
    });
  }

  @Test
  void listsWhatItCannotCarryWithLineNumbers() throws Exception {
    Migration m = Migrator.migrate(dockerfiles().resolve("go-debian-slim-cgo/Dockerfile"));
    assertThat(m.notes()).extracting(Migration.Note::line).contains(8, 13, 14);
    assertThat(m.notes()).anySatisfy(n -> assertThat(n.what()).startsWith("HEALTHCHECK"));
    assertThat(m.notes()).anySatisfy(n -> assertThat(n.what()).startsWith("VOLUME"));
    assertThat(m.notes()).anySatisfy(n -> assertThat(n.what()).startsWith("RUN apt-get"));
  }

  @Test
  void argDefaultsAreExpandedAndTheCertificateCopyIsNotTheBinary() throws Exception {
    Migration m = Migrator.migrate(dockerfiles().resolve("go-args-scratch/Dockerfile"));
    assertThat(m.config().path()).isEqualTo("/usr/local/bin/worker");
    assertThat(m.config().labels()).containsEntry("org.opencontainers.image.title", "worker");
    assertThat(m.build().command()).contains("-X main.version=dev").contains("./cmd/worker")
        .contains("-o ./worker");
  }

  @Test
  void copiesOfSeveralFilesAreReported() throws Exception {
    Migration m = Migrator.migrate(String.join("\n",
        "FROM golang AS b", "RUN CGO_ENABLED=0 go build -o /a .",
        "FROM scratch", "COPY --from=b /a /app", "COPY a.txt b.txt /data/",
        "ENTRYPOINT [\"/app\"]"), "Dockerfile");
    assertThat(m.notes()).anySatisfy(n -> {
      assertThat(n.line()).isEqualTo(5);
      assertThat(n.why()).startsWith("slim's image holds one binary; embed such files");
    });
  }

  @Test
  void aFinalStageWithoutACopiedFileIsAUsageError() {
    assertThatThrownBy(() -> Migrator.migrate("FROM alpine\nRUN echo hi\n", "Dockerfile"))
        .isInstanceOf(SlimException.class)
        .hasMessageStartingWith("Dockerfile: the final stage (line 1) copies no single file");
  }

  @Test
  void continuationLinesAndCommentsAreJoined() {
    List<Instruction> in = DockerfileParser.parse(
        "FROM x\nRUN a \\\n# comment\n  b\nCMD [\"/app\", \"-v\"]\n");
    assertThat(in).hasSize(3);
    assertThat(in.get(1).rest()).isEqualTo("a    b");
    assertThat(in.get(2).line()).isEqualTo(5);
    assertThat(in.get(2).json()).containsExactly("/app", "-v");
  }

  @Test
  void aCdBeforeGoBuildBecomesThePackagePath() throws Exception {
    Migration m = Migrator.migrate(dockerfiles().resolve("go-buildx-cd/Dockerfile"));
    assertThat(m.build().command()).isEqualTo("CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build"
        + " -trimpath -ldflags=\"-s -w -buildid=\" -o ./api-linux-amd64 ./cmd/api");
    assertThat(m.config().env()).containsEntry("GREETING", "hello world");
    assertThat(m.config().user()).isEqualTo("65532");
  }
}
