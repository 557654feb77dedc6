package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slim.SlimException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.plan.Base;
import dev.slim.plan.PlanRequest;
import dev.slim.testing.FaultProxy;
import dev.slim.testing.ImageCheck;
import dev.slim.testing.RegistryExtension;
import dev.slim.testing.RegistryServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real pushes through a {@link FaultProxy} in front of the real registry: faults the registry or
 * the network cause in ordinary use must neither fail a push that can be finished nor hang it.
 * After each push the registry itself (not the proxy) must hold the complete image.
 */
class PushFaultsIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  private static final Path BINARY =
      Path.of(System.getProperty("slim.fixtures", "../fixtures"), "go-hello-linux-amd64");
  private static final String UPLOAD = "/v2/.+/blobs/uploads/.+";
  private static final String MANIFEST = "/v2/.+/manifests/.+";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private FaultProxy proxy;
  private String repo;

  @BeforeEach
  void startProxy() throws IOException {
    proxy = FaultProxy.start(registry.server().port());
    repo = "faults/app-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private BuildResult push(Map<String, String> extraEnvironment) throws Exception {
    return push(BINARY, PlanRequest.builder().build(), proxy.host() + "/" + repo + ":1",
        extraEnvironment);
  }

  private BuildResult push(Path binary, PlanRequest plan, String image,
      Map<String, String> extraEnvironment) throws Exception {
    Map<String, String> environment = new HashMap<>(extraEnvironment);
    environment.put("DOCKER_CONFIG", tmp.resolve("docker").toString());
    environment.put("SOURCE_DATE_EPOCH", "0");
    BuildRequest request = BuildRequest.builder().binary(binary).plan(plan).image(image)
        .push(true).environment(environment).build();
    return SlimBuild.run(request, (step, done, total) -> { });
  }

  /** The digest after '@' in the printed reference. */
  private static String digest(BuildResult result) {
    return result.printed().substring(result.printed().indexOf('@') + 1);
  }

  /** Reads the pushed image from the registry directly and checks all its invariants. */
  private void assertRegistryHoldsTheImage(String digest) throws IOException {
    String base = "http://" + registry.host() + "/v2/" + repo + "/";
    byte[] manifest = get(base + "manifests/" + digest);
    JsonNode config = ImageCheck.check(manifest, digest, d -> get(base + "blobs/" + d), null);
    assertThat(config.path("architecture").asText()).isEqualTo("amd64");
    assertThat(get(base + "manifests/1")).isEqualTo(manifest);
  }

  private static byte[] get(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setRequestProperty("Accept", "application/vnd.oci.image.manifest.v1+json");
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(20_000);
    assertThat(connection.getResponseCode()).as(url).isEqualTo(200);
    try (InputStream in = connection.getInputStream()) {
      return in.readAllBytes();
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void finishesAPushWhoseUploadConnectionDroppedMidBody() throws Exception {
    proxy.on("PUT", UPLOAD, 1, FaultProxy.dropAfter(100));

    BuildResult result = push(Map.of());

    assertRegistryHoldsTheImage(digest(result));
    assertThat(proxy.count("POST", "/v2/.+/blobs/uploads/")).isEqualTo(3);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void finishesAPushWhoseUploadAnswerWasLost() throws Exception {
    proxy.on("PUT", UPLOAD, 1, FaultProxy.loseAnswer());

    BuildResult result = push(Map.of());

    assertRegistryHoldsTheImage(digest(result));
    assertThat(proxy.count("PUT", UPLOAD)).isEqualTo(2);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void startsANewUploadSessionWhenTheRegistryForgotTheOldOne() throws Exception {
    proxy.on("PUT", UPLOAD, 1, FaultProxy.expireSession());

    BuildResult result = push(Map.of());

    assertRegistryHoldsTheImage(digest(result));
    assertThat(proxy.count("POST", "/v2/.+/blobs/uploads/")).isEqualTo(3);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void givesUpAfterThreeSessionsTheRegistryForgotNamingTheRegistryError() {
    proxy.on("PUT", UPLOAD, FaultProxy.EVERY, FaultProxy.expireSession());

    assertThatThrownBy(() -> push(Map.of()))
        .isInstanceOf(SlimException.class)
        .message()
        .matches("cannot upload blob sha256:[0-9a-f]{64} to " + repo + " on registry "
            + proxy.host().replace(".", "\\.") + ": not found \\(404 Not Found;"
            + " BLOB_UPLOAD_UNKNOWN: blob upload unknown to registry\\)");
    // three sessions for the blob named; the other blob's uploads may be cut short by the failure
    assertThat(proxy.count("POST", "/v2/.+/blobs/uploads/")).isGreaterThanOrEqualTo(3);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void retriesAnUploadTheRegistryNeverAnsweredAfterTheTimeout() throws Exception {
    proxy.on("PUT", UPLOAD, 1, FaultProxy.stall());

    BuildResult result = push(Map.of("SLIM_REGISTRY_TIMEOUT", "2"));

    assertRegistryHoldsTheImage(digest(result));
    assertThat(proxy.count("POST", "/v2/.+/blobs/uploads/")).isEqualTo(3);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void givesUpAnUploadTheRegistryNeverAnswersNamingTheBlobAndTheTimeout() {
    proxy.on("PUT", UPLOAD, FaultProxy.EVERY, FaultProxy.stall());

    assertThatThrownBy(() -> push(Map.of("SLIM_REGISTRY_TIMEOUT", "2")))
        .isInstanceOf(SlimException.class)
        .message()
        .matches("registry " + proxy.host().replace(".", "\\.") + " did not answer within 2 s:"
            + " cannot upload blob sha256:[0-9a-f]{64} to " + repo + " \\(3 tries\\) — try"
            + " again later, or allow more time with SLIM_REGISTRY_TIMEOUT=SECONDS");
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void retriesAManifestTheRegistryRejectedForAnUnknownBlob() throws Exception {
    proxy.on("PUT", MANIFEST, 1, FaultProxy.registryError(400, "MANIFEST_BLOB_UNKNOWN",
        "blob unknown to registry"));

    BuildResult result = push(Map.of());

    assertRegistryHoldsTheImage(digest(result));
    assertThat(proxy.count("PUT", MANIFEST)).isEqualTo(2);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void reopensABaseLayerStreamedFromAnotherRegistryWhenItsUploadDropped() throws Exception {
    try (RegistryServer other = RegistryServer.start()) {
      String baseRef = other.host() + "/bases/musl:1";
      BuildResult base = push(Path.of(BINARY.getParent().toString(), "c-musl-static"),
          PlanRequest.builder().build(), baseRef, Map.of());
      JsonNode baseManifest = JSON.readTree(get("http://" + other.host()
          + "/v2/bases/musl/manifests/" + digest(base)));
      String baseLayer = baseManifest.path("layers").get(0).path("digest").asText();
      proxy.onTarget("PUT", ".*digest=sha256%3A" + baseLayer.substring(7), 1,
          FaultProxy.dropAfter(100));

      BuildResult result = push(BINARY, PlanRequest.builder().base(
          new Base(Base.Kind.IMAGE, baseRef, false)).build(), proxy.host() + "/" + repo + ":1", Map.of());

      assertRegistryHoldsTheImage(digest(result));
      assertThat(proxy.seen()).filteredOn(s -> s.fault() != null).hasSize(1);
      assertThat(proxy.count("POST", "/v2/.+/blobs/uploads/")).isEqualTo(4);
    }
  }

  /** The Go fixture with 17 MiB of random bytes after it: a layer large enough to be streamed. */
  private Path largeBinary() throws IOException {
    byte[] noise = new byte[17 * 1024 * 1024];
    new Random(7).nextBytes(noise);
    Path large = tmp.resolve("large");
    Files.copy(BINARY, large);
    Files.write(large, noise, StandardOpenOption.APPEND);
    Files.setPosixFilePermissions(large, PosixFilePermissions.fromString("rwxr-xr-x"));
    return large;
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void streamsALargeLayerWhileItIsCompressed() throws Exception {
    BuildResult result = push(largeBinary(), PlanRequest.builder().build(),
        proxy.host() + "/" + repo + ":1", Map.of());

    assertRegistryHoldsTheImage(digest(result));
    assertThat(proxy.count("PATCH", UPLOAD)).isEqualTo(1);
    // the layer's session ends with an empty PUT, the config's is its monolithic upload
    assertThat(proxy.count("POST", "/v2/.+/blobs/uploads/")).isEqualTo(2);
    assertThat(proxy.count("PUT", UPLOAD)).isEqualTo(2);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void uploadsALargeLayerFromItsFileWhenItsStreamDropped() throws Exception {
    proxy.on("PATCH", UPLOAD, 1, FaultProxy.dropAfter(100_000));

    BuildResult result = push(largeBinary(), PlanRequest.builder().build(),
        proxy.host() + "/" + repo + ":1", Map.of());

    assertRegistryHoldsTheImage(digest(result));
    assertThat(proxy.count("PATCH", UPLOAD)).isEqualTo(1);
    // the stream's session, then the layer's and the config's monolithic uploads
    assertThat(proxy.count("POST", "/v2/.+/blobs/uploads/")).isEqualTo(3);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void waitsOutABusyRegistry() throws Exception {
    proxy.on("POST", "/v2/.+/blobs/uploads/", 1, FaultProxy.busy(503))
        .on("PUT", MANIFEST, 1, FaultProxy.busy(429));

    BuildResult result = push(Map.of());

    assertRegistryHoldsTheImage(digest(result));
  }
}
