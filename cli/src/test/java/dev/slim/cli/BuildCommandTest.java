package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slim build} without a registry: local archives, rejections, gates, usage errors. */
class BuildCommandTest {

  @TempDir Path tmp;

  @Test
  void writesArchiveAndPrintsOnlyItsPathOnStdout() throws IOException {
    Path archive = tmp.resolve("out/hello.tar");
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"), "-o", archive.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(archive + "\n");
    assertThat(archive).exists();
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(archive))).isEqualTo("rw-r--r--");
    assertThat(r.err()).contains("wrote   " + archive).contains("written")
        .contains("binary /app");
  }

  @Test
  void sameInputGivesSameDigestTwice() throws IOException {
    Path a = tmp.resolve("a.json");
    Path b = tmp.resolve("b.json");
    run("build", fixture("c-musl-static"), "-o", tmp.resolve("a.tar").toString(),
        "--report-json", a.toString());
    run("build", fixture("c-musl-static"), "-o", tmp.resolve("b.tar").toString(),
        "--report-json", b.toString());
    ObjectMapper json = new ObjectMapper();
    String first = json.readTree(a.toFile()).path("image").path("digest").asText();
    assertThat(first).startsWith("sha256:");
    assertThat(json.readTree(b.toFile()).path("image").path("digest").asText()).isEqualTo(first);
    assertThat(Files.readAllBytes(tmp.resolve("a.tar")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("b.tar")));
  }

  @Test
  void aLocalArchiveHoldsEveryTagOnceAndTheReportListsThem() throws Exception {
    Path archive = tmp.resolve("tags.tar");
    Path report = tmp.resolve("tags.json");
    CliTest.Result r = run("build", fixture("c-musl-static"), "--image",
        "example.com/team/app:1.2", "-t", "1", "--tag", "1.2", "--tag", "1", "-o",
        archive.toString(), "--report-json", report.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(archive + "\n");
    assertThat(r.err()).contains("tagged  example.com/team/app:1\n");
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.path("image").path("reference").asText()).isEqualTo("example.com/team/app:1.2");
    assertThat(json.path("image").path("references").toString())
        .isEqualTo("[\"example.com/team/app:1.2\",\"example.com/team/app:1\"]");
    ObjectMapper mapper = new ObjectMapper();
    JsonNode dockerManifest = null;
    JsonNode layout = null;
    for (var file : dev.slim.testing.ImageCheck.readTar(Files.readAllBytes(archive))) {
      if (file.name().equals("manifest.json")) {
        dockerManifest = mapper.readTree(file.content());
      } else if (file.name().equals("index.json")) {
        layout = mapper.readTree(file.content());
      }
    }
    assertThat(dockerManifest.get(0).path("RepoTags").toString())
        .isEqualTo("[\"example.com/team/app:1.2\",\"example.com/team/app:1\"]");
    assertThat(layout.path("manifests")).hasSize(2);
    assertThat(layout.path("manifests").get(1).path("annotations")
        .path("org.opencontainers.image.ref.name").asText()).isEqualTo("1");
    assertThat(layout.path("manifests").get(1).path("digest").asText())
        .isEqualTo(json.path("image").path("digest").asText());
  }

  @Test
  void reportJsonHasTheDocumentedFields() throws IOException {
    Path report = tmp.resolve("r.json");
    CliTest.Result r = run("build", fixture("go-hello-linux-arm64"), "-o",
        tmp.resolve("x.tar").toString(), "--report-json", report.toString(),
        "--report-markdown", tmp.resolve("r.md").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.path("image").path("platform").asText()).isEqualTo("linux/arm64");
    assertThat(json.path("size").path("after").path("compressed").asLong()).isPositive();
    assertThat(json.path("size").path("after").path("uncompressed").asLong())
        .isGreaterThan(1_000_000);
    assertThat(json.path("size").path("before").has("compressed")).isTrue();
    assertThat(json.path("size").path("before").path("compressed").isNull()).isTrue();
    assertThat(json.path("layers").get(0).path("status").asText()).isEqualTo("written");
    assertThat(json.path("totals").path("uploadedBytes").asLong()).isZero();
    assertThat(Files.readString(tmp.resolve("r.md"))).contains("| layer | compressed |");
  }

  @Test
  void rejectsDynamicBinaryWithExitThreeBeforeAnyRegistryRequest() throws Exception {
    try (ServerSocket registry = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger connections = new AtomicInteger();
      registry.setSoTimeout(50);
      Thread listener = new Thread(() -> {
        while (!registry.isClosed()) {
          try {
            registry.accept().close();
            connections.incrementAndGet();
          } catch (SocketTimeoutException e) {
            // keep listening
          } catch (IOException e) {
            return;
          }
        }
      });
      listener.start();
      CliTest.Result r = run("build", fixture("go-cgo-dynamic-linux-amd64"), "--image",
          "127.0.0.1:" + registry.getLocalPort() + "/t/app:1", "--push");
      registry.close();
      listener.join();
      assertThat(r.exit()).isEqualTo(3);
      assertThat(r.err()).contains("dynamically linked").contains("CGO_ENABLED=0");
      assertThat(r.out()).isEmpty();
      assertThat(connections.get()).isZero();
    }
  }

  @Test
  void rejectsScriptWithExitThree() {
    CliTest.Result r = run("build", fixture("script.sh"), "-o", tmp.resolve("s.tar").toString());
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).startsWith("slim: ").contains("script");
    assertThat(tmp.resolve("s.tar")).doesNotExist();
  }

  @Test
  void platformThatDisagreesWithTheBinaryIsAUsageError() {
    CliTest.Result r = run("build", fixture("go-hello-linux-arm64"), "--platform", "linux/amd64",
        "-o", tmp.resolve("p.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--platform linux/amd64 disagrees with")
        .contains("which is built for linux/arm64");
  }

  @Test
  void maxSizeFailsWithExitFiveAfterWritingTheReport() throws IOException {
    Path report = tmp.resolve("gate.json");
    Path archive = tmp.resolve("gate.tar");
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"), "--max-size", "100KB",
        "-o", archive.toString(), "--report-json", report.toString());
    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.err()).contains("over --max-size 100000 bytes; not written");
    assertThat(report).exists();
    assertThat(archive).doesNotExist();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void pushWithoutImageIsAUsageError() {
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"), "--push");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--push needs --image");
  }

  @Test
  void badPortIsAUsageError() {
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"), "--port", "99999",
        "-o", tmp.resolve("x.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--port needs N, N/tcp or N/udp with N from 1 to 65535");
  }

  @Test
  void badSizeIsAUsageErrorWithSynopsis() {
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"), "--max-size", "big");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("'big' is not a size").contains("Run 'slim build --help'");
  }

  @Test
  void missingBinaryIsAUsageError() {
    CliTest.Result r = run("build", tmp.resolve("nope").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: file not found: ");
  }

  /**
   * slim's own facts win over --annotation; the creation time, with no --created and no
   * SOURCE_DATE_EPOCH, is the commit time of the git repository holding the binary (it used to
   * be 1970-01-01, which retention cannot rank).
   */
  @Test
  void annotationsGoIntoTheManifestButNotOverSlimsOwnFacts() throws Exception {
    assumeNoSourceDateEpoch();
    dev.slim.testing.GitRepo repo = dev.slim.testing.GitRepo.init(tmp.resolve("repo"));
    Path binary = repo.dir().resolve("app");
    Files.copy(Path.of(fixture("c-musl-static")), binary);
    repo.commit("app", java.time.Instant.parse("2024-03-01T12:00:00Z"));
    Path archive = tmp.resolve("ann.tar");
    CliTest.Result r = run("build", binary.toString(), "-o", archive.toString(),
        "--annotation", "org.example.team=core",
        "--annotation", "org.opencontainers.image.created=yesterday");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("warning");
    assertThat(manifest(archive)).contains("\"org.example.team\":\"core\"")
        .contains("\"org.opencontainers.image.created\":\"2024-03-01T12:00:00Z\"");
    assertThat(config(archive).path("created").asText()).isEqualTo("2024-03-01T12:00:00Z");
  }

  @Test
  void createdSetsTheTimeOfConfigManifestAndTarEntries() throws Exception {
    Path archive = tmp.resolve("created.tar");
    CliTest.Result r = run("build", fixture("c-musl-static"), "-o", archive.toString(),
        "--created", "2024-05-01T12:00:00+02:00");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(manifest(archive))
        .contains("\"org.opencontainers.image.created\":\"2024-05-01T10:00:00Z\"");
    assertThat(config(archive).path("created").asText()).isEqualTo("2024-05-01T10:00:00Z");
    byte[] layer = null;
    for (var entry : dev.slim.testing.ImageCheck.readTar(Files.readAllBytes(archive))) {
      if (entry.name().startsWith("blobs/") && entry.content().length > 2
          && entry.content()[0] == 0x1f && (entry.content()[1] & 0xff) == 0x8b) {
        layer = entry.content();
      }
    }
    assertThat(layer).isNotNull();
    byte[] tar = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(layer))
        .readAllBytes();
    assertThat(dev.slim.testing.ImageCheck.readTar(tar))
        .extracting(dev.slim.testing.ImageCheck.TarFile::mtime).containsOnly(1714557600L);

    CliTest.Result seconds = run("build", fixture("c-musl-static"), "-o",
        tmp.resolve("seconds.tar").toString(), "--created", "1714557600");
    assertThat(seconds.exit()).as(seconds.err()).isZero();
    assertThat(Files.readAllBytes(tmp.resolve("seconds.tar")))
        .as("the same time in either form: the same bytes")
        .isEqualTo(Files.readAllBytes(archive));
  }

  @Test
  void aMalformedCreatedIsAUsageError() {
    CliTest.Result r = run("build", fixture("c-musl-static"), "--created", "yesterday");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --created needs an RFC 3339 time such as"
        + " 2024-05-01T10:00:00Z or Unix seconds such as 1714557600 (1970 to 9999), not"
        + " 'yesterday'").contains("Run 'slim build --help'");
  }

  /** Same binary, same commit: same digest; a new commit is a new creation time and digest. */
  @Test
  void theSameCommitGivesTheSameDigestAndANewCommitANewOne() throws Exception {
    assumeNoSourceDateEpoch();
    dev.slim.testing.GitRepo repo = dev.slim.testing.GitRepo.init(tmp.resolve("src"));
    Path binary = repo.dir().resolve("app");
    Files.copy(Path.of(fixture("c-musl-static")), binary);
    repo.commit("one", java.time.Instant.parse("2024-01-01T00:00:00Z"));
    String first = digest(binary, "1");
    assertThat(digest(binary, "2")).isEqualTo(first);
    Files.writeString(repo.dir().resolve("README"), "docs\n");
    repo.commit("two", java.time.Instant.parse("2024-02-01T00:00:00Z"));
    assertThat(digest(binary, "3")).isNotEqualTo(first);
  }

  /** A static binary outside any git repository, built with no SOURCE_DATE_EPOCH: no time. */
  private Path binaryWithNoCreationTime() throws Exception {
    assumeNoSourceDateEpoch();
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dev.slim.plan.CreationTime.gitCommitTime(outside).isEmpty(),
        "the temporary folder is inside a git repository");
    Path binary = outside.resolve("app");
    Files.copy(Path.of(fixture("c-musl-static")), binary);
    return binary;
  }

  @Test
  void failOnWarningStopsABuildWithNoCreationTime() throws Exception {
    Path binary = binaryWithNoCreationTime();
    CliTest.Result r = run("build", binary.toString(), "-o", tmp.resolve("f.tar").toString(),
        "--fail-on-warning");
    assertThat(r.exit()).as(r.err()).isEqualTo(5);
    assertThat(r.err()).contains("slim: warning no-creation-time with --fail-on-warning;"
        + " not written\n");
    assertThat(tmp.resolve("f.tar")).doesNotExist();
  }

  @Test
  void withNothingToGiveATimeTheBuildWarnsWhatItBreaksAndHowToFixIt() throws Exception {
    Path binary = binaryWithNoCreationTime();
    CliTest.Result r = run("build", binary.toString(), "-o", tmp.resolve("e.tar").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("warning: " + binary + ": no creation time: no --created, no"
        + " SOURCE_DATE_EPOCH, no vcs.time in a Go binary's build info and no git commit")
        .contains("cannot rank or age it")
        .contains("fix: slim build --created TIME, or SOURCE_DATE_EPOCH=$(git log -1"
            + " --format=%ct), or build in a git checkout");
    assertThat(config(tmp.resolve("e.tar")).path("created").asText())
        .isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void helpDocumentsTheCreationTimeOrder() {
    CliTest.Result r = run("build", "--help");
    // picocli wraps lines (also after a '.'): compare without white space
    assertThat(r.out().replaceAll("\\s+", "")).contains("--created=TIME")
        .contains("RFC3339").contains(("SOURCE_DATE_EPOCH; a Go binary's vcs.time; the commit"
            + " time of the git repository holding the binary, else slim.yaml; else 1970-01-01"
            + " with a warning").replace(" ", ""));
  }

  @Test
  void helpDocumentsTheRepeatableTag() {
    CliTest.Result r = run("build", "--help");
    assertThat(r.out().replaceAll("\\s+", "")).contains("-t,--tag=TAG")
        .contains("Afurthertag(repeatable):theimageispushedonceandtaggedundereach,orarchived"
            + "undereachname.Thefirsttagis--image's.");
  }

  private String digest(Path binary, String name) throws IOException {
    Path report = tmp.resolve(name + ".json");
    CliTest.Result r = run("build", binary.toString(), "-o", tmp.resolve(name + ".tar").toString(),
        "--report-json", report.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    return new ObjectMapper().readTree(report.toFile()).path("image").path("digest").asText();
  }

  private static void assumeNoSourceDateEpoch() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("SOURCE_DATE_EPOCH") == null,
        "SOURCE_DATE_EPOCH is set for this test run: it would decide the creation time");
  }

  private static String manifest(Path archive) throws IOException {
    for (var entry : dev.slim.testing.ImageCheck.readTar(Files.readAllBytes(archive))) {
      String text = new String(entry.content(), java.nio.charset.StandardCharsets.UTF_8);
      if (entry.name().startsWith("blobs/") && text.contains("\"schemaVersion\"")) {
        return text;
      }
    }
    throw new AssertionError("no manifest in " + archive);
  }

  private static JsonNode config(Path archive) throws IOException {
    for (var entry : dev.slim.testing.ImageCheck.readTar(Files.readAllBytes(archive))) {
      String text = new String(entry.content(), java.nio.charset.StandardCharsets.UTF_8);
      if (entry.name().startsWith("blobs/") && text.contains("\"rootfs\"")) {
        return new ObjectMapper().readTree(text);
      }
    }
    throw new AssertionError("no config in " + archive);
  }

  @Test
  void aLocalArchiveCanBeTheBaseline() throws IOException {
    Path old = tmp.resolve("old.tar");
    Path oldReport = tmp.resolve("old.json");
    assertThat(run("build", fixture("go-hello-linux-amd64-unstripped"), "-o", old.toString(),
        "--report-json", oldReport.toString()).exit()).isZero();
    Path report = tmp.resolve("new.json");
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"), "-o",
        tmp.resolve("new.tar").toString(), "--baseline", old.toString(),
        "--report-json", report.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    long before = json.readTree(oldReport.toFile()).path("size").path("after")
        .path("compressed").asLong();
    JsonNode size = json.readTree(report.toFile()).path("size");
    assertThat(size.path("before").path("compressed").asLong()).isEqualTo(before);
    assertThat(size.path("before").path("reference").asText()).isEqualTo(old.toString());
    assertThat(size.path("saved").path("bytes").asLong())
        .isEqualTo(before - size.path("after").path("compressed").asLong());
    assertThat(r.err()).contains("smaller");
  }

  @Test
  void aBaselineThatIsNeitherFileNorReferenceIsAUsageError() {
    CliTest.Result r = run("build", fixture("c-musl-static"), "-o",
        tmp.resolve("x.tar").toString(), "--baseline", "Not A Reference");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--baseline 'Not A Reference' is neither an archive file nor an"
        + " image reference");
  }
}
