package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code slim inspect} says what a Go binary needs from its base. */
class InspectUsesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void goHelloNeedsNeitherCertificatesNorTimeZones() throws Exception {
    CliTest.Result r = run("inspect", "--json", fixture("go-hello-linux-amd64"));
    assertThat(r.exit()).isZero();
    JsonNode uses = JSON.readTree(r.out()).path("uses");
    assertThat(uses.path("certificates").asBoolean(true)).isFalse();
    assertThat(uses.path("timeZones").asBoolean(true)).isFalse();
    assertThat(run("inspect", fixture("go-hello-linux-amd64")).out())
        .contains("uses:        no CA certificates, no time zones");
  }

  @Test
  void notGoMeansNoUsesFact() throws Exception {
    CliTest.Result r = run("inspect", "--json", fixture("c-musl-static"));
    assertThat(JSON.readTree(r.out()).path("uses").isNull()).isTrue();
    assertThat(run("inspect", fixture("c-musl-static")).out()).doesNotContain("uses:");
  }
}
