package dev.slim.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The build of the copied file, found back through cp/mv/install and earlier stages. */
class MigratorTracingTest {

  @Test
  void theBuildWhoseOutputWasMovedToTheCopiedFileIsChosenNotTheLastBuild() throws Exception {
    Migration m = Migrator.migrate("""
        FROM golang:1.22 AS build
        WORKDIR /src
        RUN CGO_ENABLED=0 go build -o out/server ./cmd/server \\
         && mv out/server /usr/local/bin/server \\
         && CGO_ENABLED=0 go build -o /usr/local/bin/healthcheck ./cmd/healthcheck
        FROM scratch
        COPY --from=build /usr/local/bin/server /server
        USER 1:1
        ENTRYPOINT ["/server"]
        """, "Dockerfile");
    assertThat(m.build().command()).isEqualTo("CGO_ENABLED=0 GOOS=linux go build -trimpath"
        + " -ldflags=\"-s -w -buildid=\" -o ./server ./cmd/server");
    assertThat(m.config().binaries().get(0).path()).isEqualTo("./server");
  }

  @Test
  void anInstallInAnIntermediateStageLeadsToTheStageThatBuiltTheFile() throws Exception {
    Migration m = Migrator.migrate("""
        FROM golang:1.22 AS build
        WORKDIR /go/src/app
        RUN go build -o /out/app-bin ./cmd/app
        RUN go build -o /out/tool ./cmd/tool
        FROM alpine:3.19 AS package
        COPY --from=build /out/app-bin /tmp/app-bin
        RUN install -m 0755 /tmp/app-bin /usr/bin/app
        FROM scratch
        COPY --from=package /usr/bin/app /app
        USER 1:1
        ENTRYPOINT ["/app"]
        """, "Dockerfile");
    assertThat(m.build().stage()).isEqualTo("build");
    assertThat(m.build().line()).isEqualTo(3);
    assertThat(m.build().command()).isEqualTo("CGO_ENABLED=0 GOOS=linux go build -trimpath"
        + " -ldflags=\"-s -w -buildid=\" -o ./app ./cmd/app");
  }

  @Test
  void aCopyRenamedByCpFollowsToABuildRelativeToTheWorkdir() throws Exception {
    Migration m = Migrator.migrate("""
        FROM rust:1.77 AS build
        WORKDIR /usr/src
        RUN gcc -O2 -o helper helper.c && gcc -O2 -o daemon main.c && cp daemon /daemon
        FROM scratch
        COPY --from=build /daemon /daemon
        USER 1:1
        ENTRYPOINT ["/daemon"]
        """, "Dockerfile");
    assertThat(m.build().command()).isEqualTo("gcc -static -O2 -o ./daemon main.c");
  }

  @Test
  void aGoInstallOfAToolIsNotTheBuildOfTheCopiedProgram() throws Exception {
    Migration m = Migrator.migrate("""
        FROM golang:1.22-alpine AS build
        RUN go install github.com/magefile/mage
        RUN mage hugo && mage install
        FROM alpine:3.18
        COPY --from=build /go/bin/hugo /usr/bin/hugo
        USER 1:1
        ENTRYPOINT ["hugo"]
        """, "Dockerfile");
    // mage install writes /go/bin/hugo; the go install before it only installs mage
    assertThat(m.build().command()).isEqualTo("CGO_ENABLED=0 mage install");
    assertThat(m.build().line()).isEqualTo(3);
  }
}
