package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class InspectCommandTest {

  @Test
  void acceptsStaticGoBinaryWithExitZero() {
    CliTest.Result r = run("inspect", fixture("go-hello-linux-amd64"));
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("verdict:     static: can run on scratch")
        .contains("platform:    linux/amd64")
        .contains("go:          go1.19.8");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void rejectsDynamicBinaryWithExitThreeAndTheFix() {
    CliTest.Result r = run("inspect", fixture("go-cgo-dynamic-linux-amd64"));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out()).contains("verdict:     dynamic")
        .contains("interpreter: /lib64/ld-linux-x86-64.so.2")
        .contains("needs:       libc.so.6")
        .contains("CGO_ENABLED=0");
  }

  @Test
  void printsOneJsonObjectWithTheDocumentedFields() throws Exception {
    CliTest.Result r = run("inspect", "--json", fixture("go-hello-linux-arm64"));
    assertThat(r.exit()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("static").asBoolean()).isTrue();
    assertThat(json.path("kind").asText()).isEqualTo("static");
    assertThat(json.path("platform").asText()).isEqualTo("linux/arm64");
    assertThat(json.path("interpreter").isNull()).isTrue();
    assertThat(json.path("needed").isArray()).isTrue();
    assertThat(json.path("stripped").asBoolean()).isTrue();
    assertThat(json.path("debugBytes").asLong()).isZero();
    assertThat(json.path("go").path("path").asText()).isEqualTo("example.com/slim/hello");
  }

  /** The fixtures are built with -trimpath and -buildvcs=false but keep their Go build id. */
  @Test
  void saysWhyAGoBinaryIsNotReproducible() throws Exception {
    String id = "KXi8NjtpvWJExdNXS26E/9PDXkImLa0Mxwh1zeG6B/b0CwiBlgdymvPqWOzDS8/"
        + "pSzqMxH8LOrYqLewni8F";
    CliTest.Result text = run("inspect", fixture("go-hello-linux-arm64"));
    assertThat(text.out()).contains("go build id: " + id + "\n")
        .contains("reproducible: no: has a build id\n");
    JsonNode go = new ObjectMapper().readTree(
        run("inspect", "--json", fixture("go-hello-linux-arm64")).out()).path("go");
    assertThat(go.path("buildId").asText()).isEqualTo(id);
    assertThat(go.path("trimpath").asBoolean()).isTrue();
    assertThat(go.path("vcsModified").asBoolean()).isFalse();
    assertThat(go.path("reproducible").asBoolean()).isFalse();
    assertThat(go.path("settings").path("-trimpath").asText()).isEqualTo("true");
    assertThat(run("inspect", fixture("c-musl-static")).out()).doesNotContain("reproducible");
  }

  @Test
  void jsonForARejectedFileHasNullPlatformAndGo() throws Exception {
    CliTest.Result r = run("inspect", "--json", fixture("script.sh"));
    assertThat(r.exit()).isEqualTo(3);
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("static").asBoolean()).isFalse();
    assertThat(json.path("kind").asText()).isEqualTo("rejected");
    assertThat(json.path("platform").isNull()).isTrue();
    assertThat(json.path("go").isNull()).isTrue();
  }

  @Test
  void missingFileIsAUsageErrorWithExitTwo() {
    CliTest.Result r = run("inspect", "no/such/file");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: file not found: no/such/file\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownOptionPrintsShortSynopsisNotTheManual() {
    CliTest.Result r = run("inspect", "--jsn", fixture("c-musl-static"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(
        "slim: Unknown option: '--jsn'\n"
            + "Usage: slim inspect [-hV] [--json] [--verbose] FILE\n"
            + "Run 'slim inspect --help' for more information.\n");
  }

  @Test
  void helpListsExitCodes() {
    CliTest.Result r = run("inspect", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Exit Codes:").contains("3   The binary was rejected");
  }

  @Test
  void noCommandIsAUsageError() {
    CliTest.Result r = run();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: Missing command.\nUsage: slim ");
  }

  @Test
  void versionNamesSlimAndJava() {
    CliTest.Result r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("slim ").contains("Java ");
  }

  @Test
  void completionScriptIsGenerated() {
    CliTest.Result r = run("generate-completion");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("complete -F").contains("inspect").contains("build");
  }
}
