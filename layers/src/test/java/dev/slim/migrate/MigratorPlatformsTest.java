package dev.slim.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.config.ConfigFile;
import dev.slim.config.SlimConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TARGETARCH and its kin: a binary and a build command per platform. */
class MigratorPlatformsTest {

  @TempDir Path dir;

  private static final String GO = """
      FROM --platform=$BUILDPLATFORM golang:1.22 AS build
      ARG TARGETOS TARGETARCH TARGETVARIANT
      WORKDIR /src
      COPY . .
      RUN GOOS=$TARGETOS GOARCH=$TARGETARCH GOARM=${TARGETVARIANT#v} CGO_ENABLED=0 \\
          go build -o /out/app ./cmd/app
      FROM scratch
      COPY --from=build /out/app /app
      USER 65532:65532
      ENTRYPOINT ["/app"]
      """;

  private static Migration migrate(String text, List<String> platforms) throws Exception {
    return Migrator.migrate(text, "Dockerfile", new Migrator.Options(Map.of(), null, platforms));
  }

  @Test
  void withoutPlatformAGoBuildForTargetarchIsBuiltForAmd64AndArm64WithANote() throws Exception {
    Migration m = migrate(GO, List.of());
    assertThat(m.config().binaries()).containsExactly(
        new SlimConfig.Binary("linux/amd64", "./app-linux-amd64"),
        new SlimConfig.Binary("linux/arm64", "./app-linux-arm64"));
    assertThat(m.builds()).extracting(Migration.BuildStep::platform)
        .containsExactly("linux/amd64", "linux/arm64");
    assertThat(m.builds().get(1).command()).startsWith("CGO_ENABLED=0 GOOS=linux GOARCH=arm64 ")
        .endsWith(" -o ./app-linux-arm64 ./cmd/app");
    assertThat(m.notes().get(0).what()).isEqualTo("no --platform");
    assertThat(m.notes().get(0).why()).contains("linux/amd64 and linux/arm64");
  }

  @Test
  void givenPlatformsAreBuiltInTheirOrderWithoutTheNote() throws Exception {
    Migration m = migrate(GO, List.of("linux/arm/v7", "linux/amd64"));
    assertThat(m.config().binaries()).extracting(SlimConfig.Binary::platform)
        .containsExactly("linux/arm/v7", "linux/amd64");
    assertThat(m.builds().get(0).command()).contains("GOARCH=arm ");
    assertThat(m.notes()).noneMatch(n -> n.what().equals("no --platform"));
  }

  @Test
  void aPrebuiltBinaryPerPlatformIsTheFileOfEachPlatform() throws Exception {
    Migration m = migrate("""
        FROM alpine:3.19
        ARG TARGETPLATFORM
        COPY dist/$TARGETPLATFORM/traefik /traefik
        USER 1:1
        ENTRYPOINT ["/traefik"]
        """, List.of());
    assertThat(m.config().binaries()).containsExactly(
        new SlimConfig.Binary("linux/amd64", "./dist/linux/amd64/traefik"),
        new SlimConfig.Binary("linux/arm64", "./dist/linux/arm64/traefik"));
    assertThat(m.build()).isNull();
  }

  @Test
  void aPlatformArgOnlyInALabelKeepsOneBinary() throws Exception {
    Migration m = migrate("""
        FROM golang:1.22 AS build
        RUN CGO_ENABLED=0 go build -o /app .
        FROM scratch
        ARG TARGETARCH
        LABEL arch=$TARGETARCH
        COPY --from=build /app /app
        USER 1:1
        ENTRYPOINT ["/app"]
        """, List.of());
    assertThat(m.config().binaries()).containsExactly(new SlimConfig.Binary(null, "./app"));
  }

  @Test
  void aRustBuildForGivenPlatformsGetsTheMuslTargetOfEach() throws Exception {
    Migration m = migrate("""
        FROM rust:1.77 AS build
        ARG TARGETARCH
        RUN echo $TARGETARCH && cargo build --release
        FROM scratch
        COPY --from=build /target/release/proxy /proxy
        USER 1:1
        ENTRYPOINT ["/proxy"]
        """, List.of("linux/amd64", "linux/arm64"));
    assertThat(m.config().binaries()).containsExactly(
        new SlimConfig.Binary("linux/amd64", "./target/x86_64-unknown-linux-musl/release/proxy"),
        new SlimConfig.Binary("linux/arm64",
            "./target/aarch64-unknown-linux-musl/release/proxy"));
  }

  @Test
  void theWrittenMapLoadsAsSlimYaml() throws Exception {
    Migration m = migrate(GO, List.of());
    String yaml = ConfigFile.render(m.config(), m.headerComments("Dockerfile"));
    assertThat(yaml).contains("binaries:\n  linux/amd64: ./app-linux-amd64\n"
        + "  linux/arm64: ./app-linux-arm64\n")
        .contains("# Build the binary first (for linux/arm64, stage 'build', line 5)");
    for (SlimConfig.Binary b : m.config().binaries()) {
      Files.writeString(dir.resolve(b.path()), "x");
    }
    SlimConfig read = ConfigFile.parse(yaml, "slim.yaml", dir, Map.of());
    assertThat(read.binaries()).isEqualTo(m.config().binaries());
  }

  @Test
  void aPlatformThatIsNotOneIsAUsageError() {
    assertThatThrownBy(() -> migrate(GO, List.of("amd64")))
        .isInstanceOf(SlimException.class)
        .hasMessage("--platform amd64: not a platform; allowed: OS/ARCH[/VARIANT], e.g."
            + " linux/amd64, linux/arm/v7");
  }
}
