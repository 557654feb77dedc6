package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The capability probes and the referrers API that {@code slim report} uses. */
class RegistryProbesTest {

  private static final String DIGEST = "sha256:" + "c".repeat(64);
  private FakeRegistry server;

  @BeforeEach
  void start() throws IOException {
    server = new FakeRegistry();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RegistryClient client() {
    return RegistryClient.builder(server.host()).build();
  }

  @Test
  void deletesAreEnabledWhenAnUnknownDigestIsNotFound() throws Exception {
    server.handle((request, exchange) -> exchange.send(404,
        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}"));
    assertThat(client().deleteEnabled("app")).isTrue();
    assertThat(server.requests()).extracting(FakeRegistry.Seen::method, FakeRegistry.Seen::uri)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("DELETE",
            "/v2/app/manifests/sha256:" + "0".repeat(64)));
  }

  @Test
  void deletesAreDisabledOn405() throws Exception {
    server.handle((request, exchange) -> exchange.send(405,
        "{\"errors\":[{\"code\":\"UNSUPPORTED\"}]}"));
    assertThat(client().deleteEnabled("app")).isFalse();
  }

  @Test
  void noReferrersApiOn404() throws Exception {
    server.handle((request, exchange) -> exchange.send(404, "404 page not found\n"));
    assertThat(client().referrers("app", DIGEST)).isEmpty();
  }

  @Test
  void readsReferrersFromTheApi() throws Exception {
    String child = "sha256:" + "d".repeat(64);
    server.handle((request, exchange) -> exchange
        .header("Content-Type", "application/vnd.oci.image.index.v1+json")
        .send(200, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"digest\":\"" + child + "\",\"size\":500,"
            + "\"artifactType\":\"application/vnd.dev.cosign.artifact.sig.v1+json\"}]}"));
    assertThat(client().referrers("app", DIGEST)).hasValueSatisfying(list ->
        assertThat(list).extracting(Manifest.Child::digest).containsExactly(child));
    assertThat(server.requests()).extracting(FakeRegistry.Seen::uri)
        .containsExactly("/v2/app/referrers/" + DIGEST);
  }

  @Test
  void catalogProbe() throws Exception {
    server.handle((request, exchange) -> exchange.send(200, "{\"repositories\":[\"a\"]}"));
    assertThat(client().catalogAllowed()).isTrue();
    server.handle((request, exchange) -> exchange.send(403, ""));
    assertThat(client().catalogAllowed()).isFalse();
  }

  @Test
  void readsCreationTimeAndPlatformFromAConfig() {
    ConfigSummary c = ConfigSummary.parse(("{\"created\":\"2024-05-01T10:00:00.123456789Z\","
        + "\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v7\","
        + "\"config\":{\"Entrypoint\":[\"/app\",\"-x\"]}}").getBytes());
    assertThat(c.created()).isEqualTo(java.time.Instant.parse("2024-05-01T10:00:00.123456789Z"));
    assertThat(c.platform()).isEqualTo("linux/arm/v7");
    assertThat(c.entrypoint()).isEqualTo(List.of("/app", "-x"));
    assertThat(ConfigSummary.parse("not json".getBytes()).created()).isNull();
  }
}
