package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code slim build} says happened: gates, warnings, savings, in every output. */
class BuildOutcomeCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private JsonNode json(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  @Test
  void aPlainMaxSizeIsBytesSoATenfoldLargerImageFails() throws IOException {
    Path report = tmp.resolve("r.json");
    CliTest.Result r = run("build", fixture("c-musl-static"), "--max-size", "1000",
        "-o", tmp.resolve("a.tar").toString(), "--report-json", report.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(5);
    long actual = json(report).path("size").path("after").path("compressed").asLong();
    assertThat(actual).isGreaterThan(1000);
    assertThat(r.err()).contains("slim: image is " + actual
        + " bytes compressed, over --max-size 1000 bytes; not written\n");
    assertThat(tmp.resolve("a.tar")).doesNotExist();
  }

  @Test
  void maxSizeIsAnInclusiveLimitInBytes() throws IOException {
    Path report = tmp.resolve("r.json");
    assertThat(run("build", fixture("c-musl-static"), "-o", tmp.resolve("a.tar").toString(),
        "--report-json", report.toString()).exit()).isZero();
    long size = json(report).path("size").path("after").path("compressed").asLong();
    CliTest.Result exact = run("build", fixture("c-musl-static"), "--max-size",
        Long.toString(size), "-o", tmp.resolve("b.tar").toString());
    assertThat(exact.exit()).as(exact.err()).isZero();
    CliTest.Result under = run("build", fixture("c-musl-static"), "--max-size",
        Long.toString(size - 1), "-o", tmp.resolve("c.tar").toString());
    assertThat(under.exit()).as(under.err()).isEqualTo(5);
  }

  @Test
  void aMaxSizeTooLargeForALongIsAUsageErrorNamingTheOption() {
    CliTest.Result r = run("build", fixture("c-musl-static"), "--max-size",
        "99999999999999999999", "-o", tmp.resolve("a.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: Invalid value for option '--max-size':"
        + " '99999999999999999999' is too large; the largest size is 9223372036854775807 bytes")
        .doesNotContain("Exception");
    CliTest.Result product = run("build", fixture("c-musl-static"), "--max-size", "9999999TB",
        "-o", tmp.resolve("a.tar").toString());
    assertThat(product.exit()).isEqualTo(2);
    assertThat(product.err()).contains("'9999999TB' is too large");
  }

  @Test
  void aFailedGateIsInTheJsonAndNothingSaysWritten() throws IOException {
    Path report = tmp.resolve("r.json");
    Path markdown = tmp.resolve("r.md");
    CliTest.Result r = run("build", fixture("c-musl-static"), "--max-size", "1KB",
        "-o", tmp.resolve("a.tar").toString(), "--report-json", report.toString(),
        "--report-markdown", markdown.toString());
    assertThat(r.exit()).isEqualTo(5);
    JsonNode json = json(report);
    long actual = json.path("size").path("after").path("compressed").asLong();
    JsonNode gate = json.path("gates").get(0);
    assertThat(gate.path("name").asText()).isEqualTo("max-size");
    assertThat(gate.path("limit").asLong()).isEqualTo(1000);
    assertThat(gate.path("actual").asLong()).isEqualTo(actual);
    assertThat(gate.path("passed").asBoolean()).isFalse();
    assertThat(json.path("outcome").asText()).isEqualTo("not written");
    assertThat(json.path("outcomeReason").asText()).isEqualTo("gate max-size failed");
    assertThat(r.err()).doesNotContain("wrote ")
        .contains("image   c-musl-static:latest (not written: gate max-size failed)\n")
        .contains("gate    max-size: failed, " + actual + " bytes compressed, limit 1000 bytes\n");
    assertThat(Files.readString(markdown)).contains("**Not written**: gate max-size failed")
        .contains("| max-size | 1000 B | " + actual + " B | failed |");
  }

  @Test
  void aPassedGateAndTheOutcomeAreInTheJson() throws IOException {
    Path report = tmp.resolve("r.json");
    CliTest.Result r = run("build", fixture("c-musl-static"), "--max-size", "20MiB",
        "-o", tmp.resolve("a.tar").toString(), "--report-json", report.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode json = json(report);
    assertThat(json.path("outcome").asText()).isEqualTo("written");
    assertThat(json.path("outcomeReason").isNull()).isTrue();
    assertThat(json.path("gates").get(0).path("limit").asLong()).isEqualTo(20L << 20);
    assertThat(json.path("gates").get(0).path("passed").asBoolean()).isTrue();
    assertThat(json.path("warnings").isArray()).isTrue();
    assertThat(json.path("warnings")).isEmpty();
  }

  @Test
  void lintWarningsGoToTheJsonAndTheMarkdownWithTheirNames() throws IOException {
    Path report = tmp.resolve("r.json");
    Path markdown = tmp.resolve("r.md");
    CliTest.Result r = run("build", fixture("go-needs-linux-amd64"), "-o",
        tmp.resolve("a.tar").toString(), "--report-json", report.toString(),
        "--report-markdown", markdown.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode warnings = json(report).path("warnings");
    assertThat(warnings).hasSize(3);
    assertThat(warnings.get(0).path("name").asText()).isEqualTo("no-ca-bundle");
    assertThat(warnings.get(0).path("file").asText()).isEqualTo(fixture("go-needs-linux-amd64"));
    assertThat(warnings.get(0).path("message").asText()).startsWith("links crypto/x509 (TLS)");
    assertThat(warnings.get(1).path("name").asText()).isEqualTo("no-zoneinfo");
    // the fixtures keep their Go build id
    assertThat(warnings.get(2).path("name").asText()).isEqualTo("go-build-id");
    assertThat(Files.readString(markdown)).contains("Warning `no-ca-bundle`")
        .contains("Warning `no-zoneinfo`");
    assertThat(r.err()).contains("warning: " + fixture("go-needs-linux-amd64")
        + ": links crypto/x509").contains("(no-ca-bundle; silence with --ignore-warning"
        + " no-ca-bundle)");
  }

  @Test
  void failOnWarningExitsFiveWritesReportsAndNoArchive() throws IOException {
    Path report = tmp.resolve("r.json");
    Path archive = tmp.resolve("a.tar");
    CliTest.Result r = run("build", fixture("go-needs-linux-amd64"), "--fail-on-warning",
        "--ignore-warning", "no-zoneinfo", "--ignore-warning", "go-build-id",
        "-o", archive.toString(),
        "--report-json", report.toString());
    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.err()).contains("slim: warning no-ca-bundle with --fail-on-warning; not written\n");
    assertThat(archive).doesNotExist();
    assertThat(r.out()).isEmpty();
    JsonNode json = json(report);
    assertThat(json.path("outcome").asText()).isEqualTo("not written");
    assertThat(json.path("outcomeReason").asText())
        .isEqualTo("warning no-ca-bundle with --fail-on-warning");
    assertThat(json.path("warnings")).hasSize(1);
  }

  @Test
  void anIgnoredWarningIsSilentEverywhere() throws IOException {
    Path report = tmp.resolve("r.json");
    CliTest.Result r = run("build", fixture("go-needs-linux-amd64"), "--ignore-warning",
        "no-ca-bundle", "--ignore-warning", "no-zoneinfo", "--ignore-warning", "go-build-id",
        "--fail-on-warning",
        "-o", tmp.resolve("a.tar").toString(), "--report-json", report.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("warning");
    assertThat(json(report).path("warnings")).isEmpty();
  }

  @Test
  void anUnknownWarningNameIsAUsageErrorListingTheKnownOnes() {
    CliTest.Result r = run("build", fixture("go-needs-linux-amd64"), "--ignore-warning",
        "no-certs", "-o", tmp.resolve("a.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --ignore-warning: unknown warning 'no-certs'; known:"
        + " no-ca-bundle, no-zoneinfo, no-creation-time, no-trimpath, go-build-id,"
        + " vcs-modified\n");
  }

  @Test
  void aGoBuildIdIsAWarningThatFailOnWarningGates() throws IOException {
    Path archive = tmp.resolve("a.tar");
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"), "--fail-on-warning",
        "-o", archive.toString());
    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.err()).contains("warning: " + fixture("go-hello-linux-amd64")
        + ": has a Go build id").contains("not reproducible")
        .contains("(go-build-id; silence with --ignore-warning go-build-id)")
        .contains("slim: warning go-build-id with --fail-on-warning; not written\n");
    assertThat(archive).doesNotExist();
    CliTest.Result ignored = run("build", fixture("go-hello-linux-amd64"), "--fail-on-warning",
        "--ignore-warning", "go-build-id", "-o", archive.toString());
    assertThat(ignored.exit()).as(ignored.err()).isZero();
    assertThat(ignored.err()).doesNotContain("go-build-id");
  }

  @Test
  void aLargerImageThanTheBaselineSaysItGrew() throws IOException {
    Path small = tmp.resolve("small.tar");
    assertThat(run("build", fixture("c-musl-static"), "-o", small.toString()).exit()).isZero();
    CliTest.Result r = run("build", fixture("go-hello-linux-amd64"), "-o",
        tmp.resolve("big.tar").toString(), "--baseline", small.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).containsPattern("before  [0-9.]+ KiB compressed \\(" + small.toString()
        .replace(".", "\\.") + "\\): grew by [0-9.]+ [KM]iB \\(\\+[0-9.]+%\\)\n")
        .doesNotContain("saved -").doesNotContain("smaller");
  }
}
