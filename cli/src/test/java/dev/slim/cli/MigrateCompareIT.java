package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.testing.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code slim migrate --compare IMAGE}: the migrated image's size against the old one. */
class MigrateCompareIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  @TempDir Path tmp;

  @Test
  void buildsTheMigratedImageAndReportsBeforeAndAfter() throws Exception {
    String before = registry.host() + "/it/migrate-before:1";
    SlimProcess.Run pushed = SlimProcess.run(tmp, "build", fixture("go-hello-linux-amd64")
        .toString(), "--base", "static", "--tzdata", "--image", before, "--push");
    assertThat(pushed.exit()).as(pushed.err()).isZero();

    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("Dockerfile"), String.join("\n",
        "FROM golang:1.19 AS build",
        "WORKDIR /src",
        "COPY . .",
        "RUN CGO_ENABLED=0 go build -o /out/hello .",
        "FROM alpine:3.19",
        "COPY --from=build /out/hello /hello",
        "ENTRYPOINT [\"/hello\"]",
        ""));
    SlimProcess.Run missing = SlimProcess.run(tmp, "migrate",
        project.resolve("Dockerfile").toString(), "--compare", before);
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist yet: build it first with:"
        + " CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags=\"-s -w -buildid=\" -o ./hello .");

    Files.copy(fixture("go-hello-linux-amd64"), project.resolve("hello"));
    SlimProcess.Run run = SlimProcess.run(tmp, "migrate", project.resolve("Dockerfile")
        .toString(), "--compare", before);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("# Written by 'slim migrate'");
    assertThat(run.err()).contains("binary /hello").containsPattern(
        "before  .* compressed \\(.*it/migrate-before:1.*\\): saved .*smaller");
  }

  @Test
  void comparesWithTheDockerfilesImageInALocalArchive() throws Exception {
    Path before = tmp.resolve("before.tar");
    SlimProcess.Run built = SlimProcess.run(tmp, "build", fixture("go-hello-linux-amd64")
        .toString(), "--base", "static", "--tzdata", "-o", before.toString());
    assertThat(built.exit()).as(built.err()).isZero();
    Path project = Files.createDirectories(tmp.resolve("local"));
    Files.writeString(project.resolve("Dockerfile"), String.join("\n",
        "FROM golang:1.19 AS build",
        "RUN CGO_ENABLED=0 go build -o /out/hello .",
        "FROM alpine:3.19",
        "COPY --from=build /out/hello /hello",
        "ENTRYPOINT [\"/hello\"]",
        ""));
    Files.copy(fixture("go-hello-linux-amd64"), project.resolve("hello"));
    SlimProcess.Run run = SlimProcess.run(tmp, "migrate", project.resolve("Dockerfile")
        .toString(), "--compare", before.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).containsPattern(
        "before  .* compressed \\(" + java.util.regex.Pattern.quote(before.toString())
            + "\\): saved .*smaller");
  }
}
