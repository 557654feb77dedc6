package dev.slim.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Printed build commands that write a static, reproducible binary where slim.yaml says. */
class MigratorBuildCommandTest {

  private static Migration migrate(String build, String copied) throws Exception {
    return Migrator.migrate(build + "\nFROM scratch\nCOPY --from=build " + copied + " /app\n"
        + "USER 1:1\nENTRYPOINT [\"/app\"]\n", "Dockerfile");
  }

  @Test
  void anExistingLdflagsIsMergedWithSWAndAnEmptyBuildId() throws Exception {
    Migration m = migrate("FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build"
        + " -ldflags \"-w -X main.v=1\" -o /out/app .", "/out/app");
    assertThat(m.build().command()).isEqualTo("CGO_ENABLED=0 GOOS=linux go build -trimpath"
        + " -ldflags=\"-s -w -buildid= -X main.v=1\" -o ./app .");
  }

  @Test
  void aCgoStageGetsMuslAndAnExternalStaticLink() throws Exception {
    Migration m = migrate("FROM golang:1.22 AS build\nENV CGO_ENABLED=1\n"
        + "RUN go build -tags sqlite -o /out/app ./cmd/app", "/out/app");
    assertThat(m.build().command()).isEqualTo("CC=musl-gcc CGO_ENABLED=1 GOOS=linux go build"
        + " -trimpath -ldflags=\"-s -w -buildid= -linkmode external -extldflags -static\""
        + " -tags sqlite -o ./app ./cmd/app");
    assertThat(m.notes()).anyMatch(n -> n.why().startsWith("the stage builds with cgo"
        + " (CGO_ENABLED=1): a static cgo binary needs musl"));
  }

  @Test
  void makeInAGoStageRunsWithCgoDisabledNotLdflagsStatic() throws Exception {
    Migration m = migrate("FROM golang:1.22 AS build\nWORKDIR /src\nRUN make build",
        "/src/bin/app");
    assertThat(m.build().command()).isEqualTo("CGO_ENABLED=0 make build");
    assertThat(m.config().binaries().get(0).path()).isEqualTo("./bin/app");
  }

  @Test
  void aBuildScriptInAGoStageRunsWithCgoDisabled() throws Exception {
    Migration m = migrate("FROM golang:1.22-alpine AS build\nWORKDIR /src\n"
        + "RUN apk add bash && ./hack/build.sh", "/src/_output/app");
    assertThat(m.build().command()).isEqualTo("CGO_ENABLED=0 ./hack/build.sh");
  }

  @Test
  void aCrtStaticOptOutIsDroppedFromRustflags() throws Exception {
    Migration m = migrate("FROM rust:1.78-alpine AS build\nWORKDIR /w\n"
        + "RUN RUSTFLAGS=\"-C target-feature=-crt-static\" cargo build --release",
        "/w/target/release/app");
    assertThat(m.build().command()).isEqualTo("cargo build --target x86_64-unknown-linux-musl"
        + " --release");
    assertThat(m.notes()).anyMatch(n -> n.why().startsWith("'-C target-feature=-crt-static'"
        + " dropped from RUSTFLAGS"));
  }

  @Test
  void anAbsoluteTargetDirIsDroppedSoThePathIsWhereCargoWrites() throws Exception {
    Migration m = migrate("FROM rust:1.78 AS build\nWORKDIR /w\n"
        + "RUN cargo build --release --target-dir /build --target x86_64-unknown-linux-musl",
        "/build/x86_64-unknown-linux-musl/release/app");
    assertThat(m.build().command()).isEqualTo("cargo build --release --target"
        + " x86_64-unknown-linux-musl");
    assertThat(m.config().binaries().get(0).path())
        .isEqualTo("./target/x86_64-unknown-linux-musl/release/app");
  }

  @Test
  void aRelativeTargetDirIsKeptInTheCommandAndThePath() throws Exception {
    Migration m = migrate("FROM rust:1.78 AS build\nWORKDIR /w\n"
        + "RUN cargo build --release --target-dir out --target x86_64-unknown-linux-musl",
        "/w/out/x86_64-unknown-linux-musl/release/app");
    assertThat(m.build().command()).contains("--target-dir out");
    assertThat(m.config().binaries().get(0).path())
        .isEqualTo("./out/x86_64-unknown-linux-musl/release/app");
  }

  @Test
  void theStagesStaticRustflagsReachThePrintedCommand() throws Exception {
    Migration m = migrate("FROM rust:1.78 AS build\nENV RUSTFLAGS=\"-C target-feature=+crt-static\""
        + "\nWORKDIR /w\nRUN cargo build --release --target x86_64-unknown-linux-gnu",
        "/w/target/x86_64-unknown-linux-gnu/release/app");
    assertThat(m.build().command()).isEqualTo("RUSTFLAGS='-C target-feature=+crt-static'"
        + " cargo build --release --target x86_64-unknown-linux-gnu");
  }
}
