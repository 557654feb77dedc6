package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arguments of {@code slim build DIR DIR...} and {@code FOLDER/...}, refused before any build. */
class ManyBuildUsageTest {

  @TempDir Path dir;

  private Path service(String name) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.copy(Path.of(fixture("go-hello-linux-amd64")), folder.resolve("app"));
    Files.writeString(folder.resolve("slim.yaml"), "apiVersion: slim/v1\nkind: Image\n"
        + "image: registry.example/" + name.replace('/', '-') + ":1\nbinary: ./app\n");
    return folder;
  }

  @Test
  void foldersAndBinariesMixedIsAUsageErrorThatSaysHowToDoEach() throws Exception {
    Path folder = service("api");
    String binary = fixture("go-hello-linux-amd64");
    CliTest.Result r = run("build", folder.toString(), binary);
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("slim: " + folder + " is a folder and " + binary
        + " is not: give folders (each with a slim.yaml, one image each: 'slim build svc/a"
        + " svc/b' or 'slim build ./...'), or binaries (one image, one binary per platform:"
        + " 'slim build app-amd64 app-arm64'), not both\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anImagesOwnOptionWithSeveralFoldersIsAUsageErrorNamingIt() throws Exception {
    CliTest.Result r = run("build", service("api").toString(), service("web").toString(),
        "--push", "--tag", "2");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("slim: --tag is one image's setting; with several folders"
        + " each image's slim.yaml sets it (build that folder alone to override it). The"
        + " run's options: --base-registry, --created, --digest-file, --fail-fast,"
        + " --fail-on-warning, --ignore-warning, --insecure-registry, --jobs, --max-size,"
        + " --password-stdin, --pin, --push, --report-json, --report-markdown, --revision, --sbom,"
        + " --source, --username\n");
  }

  @Test
  void jobsWithoutSeveralFoldersIsAUsageError() {
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"), "--jobs", "2");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("slim: --jobs is for several images: give several folders"
        + " (each with a slim.yaml) or FOLDER/...\n");
  }

  @Test
  void twoFoldersPushingToOneReferenceIsAUsageError() throws Exception {
    Path api = service("api");
    Path copy = Files.createDirectories(dir.resolve("copy"));
    Files.copy(api.resolve("app"), copy.resolve("app"));
    Files.copy(api.resolve("slim.yaml"), copy.resolve("slim.yaml"));
    CliTest.Result r = run("build", api.toString(), copy.toString(), "--push");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("slim: " + api + " and " + copy + " both build"
        + " registry.example/api:1: give each its own image: (or output) in its slim.yaml\n");
  }

  @Test
  void aTreeWithoutSlimYamlIsAUsageError() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty/.hidden"));
    Files.writeString(empty.resolve("slim.yaml"), "hidden: true\n");
    CliTest.Result r = run("build", dir.resolve("empty") + "/...");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("slim: no slim.yaml below " + dir.resolve("empty")
        + " (hidden folders, target/ and node_modules/ are not searched)\n");
  }

  @Test
  void aTreeFindsEverySlimYamlBelowInPathOrderSkippingHiddenTargetAndNodeModules()
      throws Exception {
    service("svc/web");
    service("svc/api");
    service("svc/api/nested");
    for (String skipped : List.of("svc/.git/x", "svc/target", "svc/node_modules/dep")) {
      service(skipped);
    }
    assertThat(BuildConfig.many(List.of(Path.of(dir + "/svc/..."))))
        .containsExactly(dir.resolve("svc/api/nested/slim.yaml"), dir.resolve("svc/api/slim.yaml"),
            dir.resolve("svc/web/slim.yaml"));
  }

  @Test
  void severalFoldersKeepTheirOrderAndOneFolderOrBinariesAreNotARun() throws Exception {
    Path web = service("web");
    Path api = service("api");
    assertThat(BuildConfig.many(List.of(web, api, web)))
        .containsExactly(web.resolve("slim.yaml"), api.resolve("slim.yaml"));
    assertThat(BuildConfig.many(List.of(web))).isNull();
    assertThat(BuildConfig.many(List.of(web.resolve("app"), api.resolve("app")))).isNull();
    assertThat(BuildConfig.many(List.of())).isNull();
    assertThatThrownBy(() -> BuildConfig.many(List.of(web, dir.resolve("typo"))))
        .isInstanceOf(SlimException.class).hasMessage("file not found: " + dir.resolve("typo"));
  }

  @Test
  void theMostSevereExitCodeWins() {
    assertThat(ManyBuild.worse(ExitCodes.POLICY, ExitCodes.REJECTED)).isEqualTo(ExitCodes.REJECTED);
    assertThat(ManyBuild.worse(ExitCodes.REGISTRY, ExitCodes.REJECTED)).isEqualTo(ExitCodes.REGISTRY);
    assertThat(ManyBuild.worse(ExitCodes.OK, ExitCodes.POLICY)).isEqualTo(ExitCodes.POLICY);
    assertThat(ManyBuild.worse(ExitCodes.INTERNAL, ExitCodes.USAGE)).isEqualTo(ExitCodes.INTERNAL);
  }
}
