package dev.slim.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --build-arg} and {@code --target}, as {@code docker build} reads them. */
class MigratorOptionsTest {

  private static final String ARGS = """
      ARG APP=worker
      ARG VERSION
      FROM golang:1.22 AS build
      ARG APP
      ARG VERSION
      ARG SUFFIX
      WORKDIR /src
      COPY . .
      RUN CGO_ENABLED=0 go build -ldflags "-X main.v=${VERSION:-dev}" -o /out/${APP} ./cmd/${APP}

      FROM scratch AS runtime
      ARG APP
      ARG SUFFIX
      ARG MODE=fast
      COPY --from=build /out/${APP} /${APP}
      ENV MODE=${MODE} TAG=${SUFFIX:+v}${SUFFIX}
      USER 65532:65532
      ENTRYPOINT ["/server"]

      FROM debian:bookworm-slim AS debug
      COPY --from=build /out/worker /usr/bin/worker
      USER 65532:65532
      ENTRYPOINT ["/usr/bin/worker", "--debug"]
      """;

  private static Migration migrate(Map<String, String> args, String target) throws Exception {
    return Migrator.migrate(ARGS, "Dockerfile", new Migrator.Options(args, target));
  }

  @Test
  void aBuildArgReplacesTheGlobalDefaultInEveryStageThatDeclaresIt() throws Exception {
    Migration m = migrate(Map.of("APP", "server", "VERSION", "1.2.3"), "runtime");
    assertThat(m.config().binaries().get(0).path()).isEqualTo("./server");
    assertThat(m.config().path()).isEqualTo("/server");
    assertThat(m.build().command()).contains("-X main.v=1.2.3").contains("-o ./server ./cmd/server");
  }

  @Test
  void colonDashTakesTheDefaultAndColonPlusTheAlternativeOnlyWhenSet() throws Exception {
    Migration plain = migrate(Map.of("APP", "server"), "runtime");
    assertThat(plain.build().command()).contains("-X main.v=dev");
    assertThat(plain.config().env()).containsEntry("TAG", "");
    Migration suffixed = migrate(Map.of("APP", "server", "SUFFIX", "2"), "runtime");
    assertThat(suffixed.config().env()).containsEntry("TAG", "v2");
  }

  @Test
  void aBuildArgOverStageDefaultsAndItsValueReachesEnv() throws Exception {
    Migration m = migrate(Map.of("APP", "server", "MODE", "safe"), "runtime");
    assertThat(m.config().env()).containsEntry("MODE", "safe");
    assertThat(migrate(Map.of("APP", "server"), "runtime").config().env())
        .containsEntry("MODE", "fast");
  }

  @Test
  void aBuildArgNoStageDeclaresIsANoteAsDockerWarns() throws Exception {
    Migration m = migrate(Map.of("APP", "server", "NOPE", "1"), "runtime");
    assertThat(m.notes()).contains(new Migration.Note(0, "--build-arg NOPE",
        "no ARG NOPE in the stages of the image; ignored, as docker build ignores it"));
  }

  @Test
  void withoutTargetTheLastStageIsTheImage() throws Exception {
    Migration m = migrate(Map.of(), null);
    assertThat(m.config().path()).isEqualTo("/usr/bin/worker");
    assertThat(m.config().args()).containsExactly("--debug");
  }

  @Test
  void targetPicksAnEarlierStageCaseInsensitively() throws Exception {
    Migration m = migrate(Map.of("APP", "server"), "RUNTIME");
    assertThat(m.config().path()).isEqualTo("/server");
    assertThat(m.config().env()).containsEntry("MODE", "fast");
  }

  @Test
  void anUnknownTargetIsAUsageErrorNamingTheStages() {
    assertThatThrownBy(() -> migrate(Map.of(), "prod"))
        .isInstanceOf(SlimException.class)
        .hasMessage("--target prod: Dockerfile has no stage named prod; its stages: build,"
            + " runtime, debug")
        .extracting(e -> ((SlimException) e).reason()).isEqualTo(SlimException.Reason.USAGE);
  }
}
