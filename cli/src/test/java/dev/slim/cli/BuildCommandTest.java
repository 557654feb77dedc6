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

  @Test
  void annotationsGoIntoTheManifestButNotOverSlimsOwnFacts() throws IOException {
    Path archive = tmp.resolve("ann.tar");
    CliTest.Result r = run("build", fixture("c-musl-static"), "-o", archive.toString(),
        "--annotation", "org.example.team=core",
        "--annotation", "org.opencontainers.image.created=yesterday");
    assertThat(r.exit()).as(r.err()).isZero();
    String manifest = null;
    for (var entry : dev.slim.testing.ImageCheck.readTar(Files.readAllBytes(archive))) {
      String text = new String(entry.content(), java.nio.charset.StandardCharsets.UTF_8);
      if (entry.name().startsWith("blobs/") && text.contains("\"layers\"")) {
        manifest = text;
      }
    }
    assertThat(manifest).contains("\"org.example.team\":\"core\"")
        .contains("\"org.opencontainers.image.created\":\"1970-01-01T00:00:00Z\"");
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
