package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slim build --base} and several binaries, without a registry. */
class BuildBasesCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void twoBinariesForOnePlatformAreAnErrorNamingBoth() {
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"),
        fixture("go-hello-linux-amd64-unstripped"), "-o", tmp.resolve("a.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(fixture("go-hello-linux-amd64") + " and "
        + fixture("go-hello-linux-amd64-unstripped") + " are both built for linux/amd64");
    assertThat(tmp.resolve("a.tar")).doesNotExist();
  }

  @Test
  void aDynamicBinaryAmongSeveralIsRejectedBeforeAnythingIsBuilt() {
    CliTest.Result r = run("build", fixture("go-hello-linux-arm64"),
        fixture("go-cgo-dynamic-linux-amd64"), "-o", tmp.resolve("a.tar").toString());
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains(fixture("go-cgo-dynamic-linux-amd64"));
  }

  @Test
  void tzdataNeedsTheStaticBase() {
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"), "--tzdata", "-o",
        tmp.resolve("a.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--tzdata").contains("--base static");
  }

  @Test
  void platformCheckIsForOneBinary() {
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"),
        fixture("go-hello-linux-arm64"), "--platform", "linux/amd64", "-o",
        tmp.resolve("a.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--platform checks a single binary");
  }

  @Test
  void multiArchArchiveHasAnIndexAndTheReportCountsSharedBlobsOnce() throws Exception {
    Path archive = tmp.resolve("multi.tar");
    Path report = tmp.resolve("r.json");
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"),
        fixture("go-hello-linux-arm64"), "--base", "static", "--image", "multi:1", "-o",
        archive.toString(), "--report-json", report.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(archive + "\n");
    JsonNode json = JSON.readTree(report.toFile());
    assertThat(json.path("image").path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(json.path("image").path("platform").asText()).isEqualTo("linux/amd64,linux/arm64");
    JsonNode platforms = json.path("platforms");
    assertThat(platforms).hasSize(2);
    // both platforms share the two static base layers: counted once in the total
    long shared = 0;
    long sum = 0;
    for (JsonNode p : platforms) {
      sum += p.path("compressed").asLong();
    }
    for (int i = 0; i < 2; i++) {
      assertThat(platforms.get(0).path("layers").get(i).path("digest"))
          .isEqualTo(platforms.get(1).path("layers").get(i).path("digest"));
      assertThat(platforms.get(0).path("layers").get(i).path("origin").asText()).isEqualTo("base");
      shared += platforms.get(0).path("layers").get(i).path("size").asLong();
    }
    assertThat(json.path("size").path("after").path("compressed").asLong())
        .isEqualTo(sum - shared);
    assertThat(Files.size(archive)).isGreaterThan(sum - shared);
    assertThat(r.err()).contains("PLATFORM").contains("2 platforms, shared blobs counted once");
  }
}
