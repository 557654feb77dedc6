package dev.slim.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import org.junit.jupiter.api.Test;

/**
 * The binary found in folder and pattern copies and in single-stage builds, and the refusals
 * when a folder holds several programs or one no build wrote (shapes of issue 11's corpus).
 */
class MigratorFoldersTest {

  @Test
  void aPatternCopyGivesTheMatchTheEntrypointRunsFromPath() throws Exception {
    Migration m = Migrator.migrate("""
        FROM golang:1.22 AS build
        WORKDIR /src
        RUN CGO_ENABLED=0 go build -o bin/tool ./cmd/tool
        FROM alpine
        COPY --from=build /src/bin/* /usr/bin/
        USER 1:1
        ENTRYPOINT ["tool"]
        """, "Dockerfile");
    assertThat(m.config().path()).isEqualTo("/usr/bin/tool");
    assertThat(m.config().binaries().get(0).path()).isEqualTo("./tool");
    assertThat(m.build().command()).contains("-o ./tool ./cmd/tool");
    assertThat(m.notes()).anyMatch(n -> n.line() == 5 && n.why().startsWith(
        "the pattern /src/bin/* matches /src/bin/tool, copied to /usr/bin/tool"));
  }

  @Test
  void aFolderCopiedOntoTheRootHoldsTheFileAMakeVariableNamed() throws Exception {
    Migration m = Migrator.migrate("""
        FROM golang:1.22 AS build
        WORKDIR /src
        RUN make OUTPUT=/target/app/server build
        FROM debian
        WORKDIR /app
        COPY --from=build /target /
        USER 1:1
        ENTRYPOINT ["./server"]
        """, "Dockerfile");
    assertThat(m.config().path()).isEqualTo("/app/server");
    assertThat(m.build().command()).isEqualTo("CGO_ENABLED=0 make OUTPUT=./server build");
    assertThat(m.config().binaries().get(0).path()).isEqualTo("./server");
  }

  @Test
  void aContextFolderAddedAtTheRootIsReadAsAFolderWithANote() throws Exception {
    Migration m = Migrator.migrate("FROM scratch\nADD bin /\nUSER 1:1\n"
        + "ENTRYPOINT [\"/server\"]\n", "Dockerfile");
    assertThat(m.config().binaries().get(0).path()).isEqualTo("./bin/server");
    assertThat(m.notes()).anyMatch(n -> n.why().startsWith("read as the folder bin of the build"
        + " context, which holds bin/server"));
  }

  @Test
  void theWholeContextCopiedToTheRootIsNotSearchedForTheEntrypoint() {
    assertThatThrownBy(() -> Migrator.migrate("FROM node:20\nCOPY . /\nUSER 1:1\n"
        + "ENTRYPOINT [\"node\", \"/index.js\"]\n", "Dockerfile"))
        .isInstanceOf(SlimException.class)
        .hasMessageContaining("the container runs 'node', which no COPY of the final stage writes");
  }

  @Test
  void aFileCopiedIntoAnExistingFolderKeepsItsName() throws Exception {
    Migration m = Migrator.migrate("""
        FROM golang:1.22 AS build
        WORKDIR /src
        RUN go run build.go
        FROM alpine
        COPY --from=build /src/restic /usr/bin
        USER 1:1
        ENTRYPOINT ["/usr/bin/restic"]
        """, "Dockerfile");
    assertThat(m.build().command()).isEqualTo("CGO_ENABLED=0 go run build.go");
    assertThat(m.config().binaries().get(0).path()).isEqualTo("./restic");
    assertThat(m.notes()).anyMatch(n -> n.why().endsWith("check that it writes /src/restic"));
  }

  @Test
  void aSingleStageGoInstallOfTheModuleGivesTheProgramTheEntrypointNames() throws Exception {
    Migration m = Migrator.migrate("""
        FROM golang:1.22
        WORKDIR /go/src/app
        COPY . .
        RUN CGO_ENABLED=0 go install -v
        USER 1:1
        ENTRYPOINT ["server"]
        """, "Dockerfile");
    assertThat(m.config().path()).isEqualTo("/go/bin/server");
    assertThat(m.build().command()).startsWith("CGO_ENABLED=0 GOOS=linux GOBIN=\"$PWD\" go install");
    assertThat(m.notes()).anyMatch(n -> n.why().startsWith("the final stage builds /go/bin/server"
        + " itself (a single-stage build)"));
  }

  @Test
  void aSingleStageStillRefusesAProgramNoBuildWrote() {
    assertThatThrownBy(() -> Migrator.migrate("""
        FROM golang:1.22
        WORKDIR /src
        RUN CGO_ENABLED=0 go build -o /out/app .
        ENTRYPOINT ["/usr/bin/python3"]
        """, "Dockerfile")).isInstanceOf(SlimException.class)
        .hasMessageContaining("the container runs '/usr/bin/python3', which no COPY of the final"
            + " stage writes");
  }

  @Test
  void cargoInstallOfThePathIsBuiltInPlaceForTheMuslTarget() throws Exception {
    Migration m = Migrator.migrate("""
        FROM rust:alpine AS build
        WORKDIR /w
        COPY . .
        RUN cargo install --locked --path .
        FROM scratch
        COPY --from=build /usr/local/cargo/bin/tool /tool
        USER 1:1
        ENTRYPOINT ["/tool"]
        """, "Dockerfile");
    assertThat(m.build().command()).isEqualTo("cargo build --target x86_64-unknown-linux-musl"
        + " --release --locked");
    assertThat(m.config().binaries().get(0).path())
        .isEqualTo("./target/x86_64-unknown-linux-musl/release/tool");
  }

  @Test
  void aPatternOfSeveralProgramsWithoutEntrypointIsRefusedListingThem() {
    assertThatThrownBy(() -> Migrator.migrate("""
        FROM golang:1.22 AS build
        WORKDIR /src
        COPY . .
        RUN go install ./cmd/a ./cmd/b
        FROM alpine
        COPY --from=build /go/bin/* /usr/local/bin/
        """, "Dockerfile")).isInstanceOf(SlimException.class)
        .hasMessageContaining("this COPY writes several programs into /usr/local/bin (a, b), and"
            + " no ENTRYPOINT or CMD names the one the container runs");
  }

  @Test
  void aFolderFileThatNoBuildWroteIsRefused() {
    assertThatThrownBy(() -> Migrator.migrate("""
        FROM debian AS fetch
        WORKDIR /pack
        RUN curl -L https://example.com/tool.tar.gz | tar xz -C /pack
        FROM scratch
        COPY --from=fetch /pack /
        ENTRYPOINT ["/tool"]
        """, "Dockerfile")).isInstanceOf(SlimException.class)
        .hasMessageContaining("no go, cargo, cc or make command of stage 'fetch' writes /pack/tool");
  }
}
