package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.image.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build's outputs are checked before anything is built, the job summary included. */
class OutputsTest {

  @TempDir Path tmp;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name);
  }

  private BuildRequest.Builder request(List<Path> binaries, Path output,
      Map<String, String> env) {
    return BuildRequest.builder().binaries(binaries).output(output).environment(env);
  }

  @Test
  void aFolderAsJobSummaryIsAUsageErrorBeforeTheBuild() {
    Path archive = tmp.resolve("app.tar");
    BuildRequest request = request(List.of(fixture("c-musl-static")), archive,
        Map.of("GITHUB_STEP_SUMMARY", tmp.toString())).build();

    assertThatThrownBy(() -> SlimBuild.run(request, Progress.NONE))
        .isInstanceOf(SlimException.class)
        .hasMessage("$GITHUB_STEP_SUMMARY " + tmp + ": is a folder; give a file path");
    assertThat(archive).doesNotExist();
  }

  @Test
  void theJobSummaryIsAppendedThroughItsLink() throws Exception {
    Path summary = Files.writeString(tmp.resolve("summary.md"), "earlier step\n");
    Path link = Files.createSymbolicLink(tmp.resolve("step_summary"), summary);

    SlimBuild.run(request(List.of(fixture("c-musl-static")), tmp.resolve("app.tar"),
        Map.of("GITHUB_STEP_SUMMARY", link.toString())).build(), Progress.NONE);

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(summary)).startsWith("earlier step\n### slim build: ");
  }

  @Test
  void anSbomBesideAnArchiveOnStdoutNeedsItsOwnFile() {
    BuildRequest request = request(List.of(fixture("c-musl-static")), Path.of("-"), Map.of())
        .sbom(true).build();

    assertThatThrownBy(() -> SlimBuild.run(request, Progress.NONE))
        .isInstanceOf(SlimException.class)
        .hasMessage("--sbom goes next to the archive, which --output - sends to stdout:"
            + " give --sbom-output FILE");
  }

  @Test
  void severalSbomsCannotShareStdout() {
    BuildRequest request = request(List.of(fixture("go-hello-linux-amd64"),
        fixture("go-hello-linux-arm64")), tmp.resolve("app.tar"), Map.of())
        .sbom(true).sbomOutput(Path.of("-")).build();

    assertThatThrownBy(() -> SlimBuild.run(request, Progress.NONE))
        .isInstanceOf(SlimException.class)
        .hasMessage("--sbom-output -: a multi-arch build writes one SBOM per platform;"
            + " give a file name");
  }

  @Test
  void multiArchSbomFilesAreCheckedUnderTheirPlatformNames() throws Exception {
    Path taken = Files.createDirectories(tmp.resolve("sbom-linux-arm64.spdx.json"));
    BuildRequest request = request(List.of(fixture("go-hello-linux-amd64"),
        fixture("go-hello-linux-arm64")), tmp.resolve("app.tar"), Map.of())
        .sbom(true).sbomOutput(tmp.resolve("sbom.spdx.json")).build();

    assertThatThrownBy(() -> SlimBuild.run(request, Progress.NONE))
        .isInstanceOf(SlimException.class)
        .hasMessage("--sbom-output " + taken + ": is a folder; give a file path");
    assertThat(tmp.resolve("app.tar")).doesNotExist();
  }
}
