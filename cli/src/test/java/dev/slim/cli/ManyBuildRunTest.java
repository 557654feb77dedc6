package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slim build DIR DIR} that builds without writing (a size gate) or fails: what each image
 * prints, the run's summary and its exit code. (An archive of a run goes to ./build/, so no run
 * here succeeds.)
 */
class ManyBuildRunTest {

  @TempDir Path dir;

  private Path service(String name, String binary) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.copy(Path.of(fixture(binary)), folder.resolve("app"));
    Files.writeString(folder.resolve("slim.yaml"), "apiVersion: slim/v1\nkind: Image\n"
        + "image: registry.example/" + name + ":1\nbinary: ./app\n");
    return folder;
  }

  @Test
  void aGatedImageAndARejectedOneExitWithTheRejectionsCodeEachSayingWhy() throws Exception {
    Path api = service("api", "go-hello-linux-amd64");
    Path web = service("web", "c-dynamic");
    CliTest.Result r = run("build", api.toString(), web.toString(), "--max-size", "1",
        "--jobs", "1");
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("registry.example/api:1: not done: image is ")
        .contains("warning: " + api.resolve("slim.yaml") + ": no creation time: ")
        .contains("(no-creation-time; silence with --ignore-warning no-creation-time)\n")
        .contains("image   registry.example/api:1 (not written: gate max-size failed)\n")
        .contains("\nslim: registry.example/web:1: " + web.resolve("app")
            + ": dynamically linked")
        .containsPattern("\n2 images: 0 done, 2 not; uploaded 0 B, reused 0 B; 0 requests"
            + " over 0 registry sessions; [0-9.]+ m?s\n")
        .contains("\nnot written: registry.example/api:1 (" + api + "): gate max-size failed\n")
        .contains("\nfailed: registry.example/web:1 (" + web + "): " + web.resolve("app"));
  }

  @Test
  void imagesThatOnlyFailTheirGateExitFive() throws Exception {
    Path api = service("api", "go-hello-linux-amd64");
    Path web = service("web", "c-musl-static");
    CliTest.Result r = run("build", api.toString(), web.toString(), "--max-size", "1");
    assertThat(r.exit()).as(r.err()).isEqualTo(5);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("registry.example/web:1: not done: image is ")
        .contains("image   registry.example/web:1 (not written: gate max-size failed)\n")
        .contains("2 images: 0 done, 2 not;");
  }

  @Test
  void jobsBelowOneIsRefusedBeforeAnyBuild() throws Exception {
    Path api = service("api", "go-hello-linux-amd64");
    Path web = service("web", "go-hello-linux-amd64");
    CliTest.Result r = run("build", api.toString(), web.toString(), "--jobs", "0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --jobs must be at least 1, not 0\nUsage: slim build")
        .doesNotContain("compressing");
  }
}
