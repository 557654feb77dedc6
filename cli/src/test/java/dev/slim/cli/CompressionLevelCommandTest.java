package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --compression-level} and slim.yaml's {@code compressionLevel}: checked as usage errors,
 * the option over the file, the level in every layer and in the report, one level per image of a
 * run.
 */
@Timeout(120)
class CompressionLevelCommandTest {

  private static final String CREATED = "2026-01-01T00:00:00Z";
  private static final String RANGE = "must be a whole number from 1 to 9 (1 fastest, 9"
      + " smallest; default 6), not ";

  @TempDir Path tmp;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A build into tmp; returns its JSON report. */
  private JsonNode build(String name, String... args) throws IOException {
    Path report = tmp.resolve(name + ".json");
    List<String> all = new ArrayList<>(List.of("build"));
    all.addAll(List.of(args));
    all.addAll(List.of("--created", CREATED, "-o", tmp.resolve(name + ".tar").toString(),
        "--report-json", report.toString()));
    CliTest.Result r = run(all.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isZero();
    return JSON.readTree(report.toFile());
  }

  private static List<String> layerDigests(JsonNode report) {
    List<String> digests = new ArrayList<>();
    report.path("layers").forEach(l -> digests.add(l.path("digest").asText()));
    return digests;
  }

  private Path service(String name, String yaml) throws IOException {
    Path folder = Files.createDirectories(tmp.resolve(name));
    Files.copy(Path.of(fixture("go-hello-linux-amd64")), folder.resolve("app"));
    Files.writeString(folder.resolve("slim.yaml"), "apiVersion: slim/v1\nkind: Image\n"
        + "image: registry.example/" + name + ":1\nbinary: ./app\n" + yaml);
    return folder;
  }

  @Test
  void aLevelOutsideOneToNineIsAUsageErrorNamingTheOptionAndTheRange() {
    for (String bad : List.of("0", "10", "fast", "", " 5", "5.0")) {
      CliTest.Result r = run("build", fixture("c-musl-static"), "--compression-level", bad,
          "-o", tmp.resolve("x.tar").toString());
      assertThat(r.exit()).as(bad).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).as(bad).startsWith("slim: --compression-level " + RANGE + "'" + bad
          + "'\n").contains("Run 'slim build --help'");
      assertThat(tmp.resolve("x.tar")).doesNotExist();
    }
  }

  @Test
  void aBadLevelInSlimYamlNamesTheFileAndLine() throws IOException {
    Path folder = service("api", "compressionLevel: 0\n");
    CliTest.Result r = run("build", folder.toString(), "-o", tmp.resolve("x.tar").toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("slim: " + folder.resolve("slim.yaml") + ":5: property"
        + " 'compressionLevel': " + RANGE + "'0'\n");
  }

  @Test
  void helpSaysTheTradeOff() {
    CliTest.Result r = run("build", "--help");
    assertThat(r.out().replaceAll("\\s+", " ")).contains("--compression-level=1-9 Gzip level of"
        + " the layers slim writes: 1 fastest and largest, 9 smallest and slowest (default: 6).");
  }

  @Test
  void theDefaultIsLevelSixByteForByte() throws IOException {
    JsonNode plain = build("plain", fixture("go-hello-linux-amd64"), "--base", "static");
    JsonNode six = build("six", fixture("go-hello-linux-amd64"), "--base", "static",
        "--compression-level", "6");
    assertThat(Files.readAllBytes(tmp.resolve("six.tar")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("plain.tar")));
    assertThat(plain.path("size").path("after").path("compressionLevel").asInt()).isEqualTo(6);
    assertThat(six.path("image").path("digest")).isEqualTo(plain.path("image").path("digest"));
  }

  @Test
  void levelsOneAndNineReachEveryLayerAndTheReport() throws IOException {
    JsonNode six = build("six", fixture("go-hello-linux-amd64"), "--base", "static",
        "--tzdata");
    JsonNode one = build("one", fixture("go-hello-linux-amd64"), "--base", "static",
        "--tzdata", "--compression-level", "1");
    JsonNode nine = build("nine", fixture("go-hello-linux-amd64"), "--base", "static",
        "--tzdata", "--compression-level=9");

    assertThat(layerDigests(six)).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(List.of(layerDigests(one).get(i), layerDigests(six).get(i),
          layerDigests(nine).get(i))).as("layer %d", i).doesNotHaveDuplicates();
    }
    assertThat(one.path("size").path("after").path("compressionLevel").asInt()).isEqualTo(1);
    assertThat(nine.path("size").path("after").path("compressionLevel").asInt()).isEqualTo(9);
    assertThat(one.path("size").path("after").path("uncompressed"))
        .isEqualTo(nine.path("size").path("after").path("uncompressed"));
    assertThat(one.path("size").path("after").path("compressed").asLong())
        .isGreaterThan(nine.path("size").path("after").path("compressed").asLong());
  }

  @Test
  void slimYamlSetsTheLevelAndTheOptionOverridesIt() throws IOException {
    Path folder = service("api", "base: static\ncompressionLevel: 1\n");
    JsonNode fromFile = build("file", folder.toString());
    JsonNode overridden = build("flag", folder.toString(), "--compression-level", "6");
    JsonNode plain = build("plain", fixture("go-hello-linux-amd64"), "--base", "static",
        "-i", "registry.example/api:1");

    assertThat(fromFile.path("size").path("after").path("compressionLevel").asInt())
        .isEqualTo(1);
    assertThat(layerDigests(fromFile)).doesNotContainAnyElementsOf(layerDigests(plain));
    assertThat(overridden.path("size").path("after").path("compressionLevel").asInt())
        .isEqualTo(6);
    assertThat(layerDigests(overridden)).isEqualTo(layerDigests(plain));
  }

  /**
   * Two images at level 1 and one at 9 in one run: the static base is compressed once per level,
   * and the level-9 image gets the layers a build of its own at 9 gives. (The gate keeps the run
   * from writing archives into ./build/.)
   */
  @Test
  void eachImageOfARunHasItsFilesLevelAndTheBaseLayersOfThatLevel() throws IOException {
    Path api = service("api", "base: static\ncompressionLevel: 1\n");
    Path web = service("web", "base: static\ncompressionLevel: 9\n");
    Path worker = service("worker", "base: static\ncompressionLevel: 1\n");
    Path report = tmp.resolve("run.json");
    CliTest.Result r = run("build", api.toString(), web.toString(), worker.toString(),
        "--created", CREATED, "--max-size", "1", "--jobs", "2", "--report-json",
        report.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.POLICY);
    JsonNode images = JSON.readTree(report.toFile()).path("images");
    JsonNode apiReport = images.get(0).path("report");
    JsonNode webReport = images.get(1).path("report");
    JsonNode workerReport = images.get(2).path("report");

    assertThat(apiReport.path("size").path("after").path("compressionLevel").asInt())
        .isEqualTo(1);
    assertThat(webReport.path("size").path("after").path("compressionLevel").asInt())
        .isEqualTo(9);
    List<String> apiBase = layerDigests(apiReport).subList(0, 2);
    List<String> webBase = layerDigests(webReport).subList(0, 2);
    assertThat(layerDigests(workerReport).subList(0, 2)).isEqualTo(apiBase);
    assertThat(webBase).doesNotContainAnyElementsOf(apiBase);
    JsonNode alone = build("alone", fixture("go-hello-linux-amd64"), "--base", "static",
        "--compression-level", "9", "-i", "registry.example/web:1");
    assertThat(layerDigests(webReport)).isEqualTo(layerDigests(alone));
  }

  @Test
  void theOptionWithSeveralFoldersIsOneImagesSetting() throws IOException {
    CliTest.Result r = run("build", service("api", "").toString(),
        service("web", "").toString(), "--compression-level", "1");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("slim: --compression-level is one image's setting; with"
        + " several folders each image's slim.yaml sets it");
  }
}
