package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.SlimException;
import dev.slim.plan.Base;
import dev.slim.plan.PlanRequest;
import dev.slim.testing.FaultCatalogue;
import dev.slim.testing.FaultCatalogue.Request;
import dev.slim.testing.FaultProxy;
import dev.slim.testing.ImageCheck;
import dev.slim.testing.RegistryExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of request a push sends, each with every kind of fault once, through a {@link
 * FaultProxy} in front of the real registry. The push replaces an image already under the tag, so
 * it also reads (pulls) the old one as its baseline. Whatever the fault, the push ends within its
 * time and either the registry holds the complete new image under the tag, with the digest a push
 * without faults gives, or slim fails with a message naming the registry and the tag still holds
 * the old image. A fault the registry or the network makes in ordinary use (a dropped
 * connection, a lost answer, a stall, 429, 502, 503, 504) must not fail the push at all.
 */
class PushFaultMatrixIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  private static final Path BINARY =
      Path.of(System.getProperty("slim.fixtures", "../fixtures"), "go-hello-linux-amd64");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ARM64 = BINARY.resolveSibling("go-hello-linux-arm64");

  /** The requests of a push, by method and path. */
  static final List<Request> REQUESTS = List.of(
      new Request("BASELINE_MANIFEST", "GET", "/v2/.+/manifests/1"),
      new Request("BLOB_CHECK", "HEAD", "/v2/.+/blobs/sha256:.+"),
      new Request("UPLOAD_START", "POST", "/v2/.+/blobs/uploads/"),
      new Request("UPLOAD", "PUT", "/v2/.+/blobs/uploads/.+"),
      new Request("MANIFEST", "PUT", "/v2/.+/manifests/.+"));

  static final Map<String, FaultProxy.Fault> TRANSIENT = FaultCatalogue.ordinary();
  static final Map<String, FaultProxy.Fault> REFUSALS = FaultCatalogue.refusals("NAME_UNKNOWN");

  /**
   * The requests only an image on a base from a registry, for two platforms, with an SBOM sends:
   * the base's index, manifests and layers are read (pulled) and mounted, the two images' index
   * and the SBOM's manifest are pushed.
   */
  static final List<Request> FULL_REQUESTS = List.of(
      new Request("BASE_TAG", "GET", "/v2/bases/.+/manifests/1"),
      new Request("BASE_MANIFEST", "GET", "/v2/bases/.+/manifests/sha256:.+"),
      new Request("BASE_LAYER", "GET", "/v2/bases/.+/blobs/sha256:.+"),
      new Request("MOUNT", "POST", "/v2/matrix/.+/blobs/uploads/\\?.*from=bases.*"),
      new Request("CHILD_MANIFEST", "PUT", "/v2/matrix/.+/manifests/sha256:.+"),
      new Request("INDEX", "PUT", "/v2/matrix/.+/manifests/1"),
      new Request("SBOM_TAG", "PUT", "/v2/matrix/.+/manifests/sha256-.+"));

  @TempDir static Path tmp;
  private static Path second;

  @BeforeAll
  static void variant() throws IOException {
    second = tmp.resolve("app-2");
    byte[] extra = new byte[4096];
    new Random(17).nextBytes(extra);
    Files.copy(BINARY, second);
    Files.write(second, extra, java.nio.file.StandardOpenOption.APPEND);
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (Request request : REQUESTS) {
      TRANSIENT.forEach((name, fault) -> all.add(Arguments.of(request, name, fault, true)));
      REFUSALS.forEach((name, fault) -> all.add(Arguments.of(request, name, fault, false)));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aPushEndsWithTheWholeImageOrCleanlyWithTheOldOne(Request request, String name,
      FaultProxy.Fault fault, boolean mustSucceed) throws Exception {
    String repo = "matrix/app-" + UUID.randomUUID().toString().substring(0, 8);
    String old = digest(push(registry.host(), repo, BINARY));
    String expected = expectedDigest();
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.on(request.method(), request.path(), 1, fault);
      String pushed = null;
      SlimException failure = null;
      try {
        pushed = digest(push(proxy.host(), repo, second));
      } catch (SlimException e) {
        failure = e;
      }
      assertThat(proxy.seen()).as("the proxy injected the fault")
          .anyMatch(seen -> seen.fault() != null);
      if (failure == null) {
        assertThat(pushed).isEqualTo(expected);
        assertRegistryHolds(repo, pushed);
      } else {
        assertThat(mustSucceed).as("a push that must finish despite " + name + " failed: "
            + failure.getMessage()).isFalse();
        assertThat(failure.getMessage()).contains(proxy.host()).doesNotContain("\tat ");
        assertThat(tagged(repo)).as("the tag still holds the old image").isEqualTo(old);
      }
    }
  }

  static Stream<Arguments> fullCases() {
    List<Arguments> all = new ArrayList<>();
    for (Request request : FULL_REQUESTS) {
      TRANSIENT.forEach((name, fault) -> all.add(Arguments.of(request, name, fault)));
    }
    return all.stream();
  }

  /**
   * An image on a base read from the registry, for amd64 and arm64, with an SBOM: whatever
   * fault of ordinary use meets whichever of its requests, the push finishes with the same index.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("fullCases")
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aPushOnABaseFromTheRegistryWithAnSbomFinishesDespiteAnyTransientFault(
      Request request, String name, FaultProxy.Fault fault) throws Exception {
    String repo = "matrix/full-" + UUID.randomUUID().toString().substring(0, 8);
    String expected = expectedFullDigest();
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.onTarget(request.method(), request.path() + "(\\?.*)?", 1, fault);
      String pushed;
      try {
        pushed = digest(pushFull(proxy.host(), repo));
      } catch (SlimException e) {
        throw new AssertionError("a push that must finish despite " + name + " failed: "
            + e.getMessage(), e);
      }
      assertThat(proxy.seen()).as("the proxy injected the fault")
          .anyMatch(seen -> seen.fault() != null);
      assertThat(tagged(repo)).isEqualTo(pushed);
      // the base's name (this proxy's address) is in the configs, so compare the layers
      assertThat(layers(repo, pushed)).isEqualTo(layers("matrix/full-reference", expected));
      assertThat(tags(repo)).as("the tag and each platform's SBOM fallback tag").hasSize(3)
          .contains("1").filteredOn(tag -> tag.matches("sha256-[0-9a-f]{64}\\.sbom")).hasSize(2);
    }
  }

  /** Each platform's layer digests, read straight from the registry, every blob checked. */
  private static List<List<String>> layers(String repo, String index) throws IOException {
    String base = "http://" + registry.host() + "/v2/" + repo + "/";
    List<List<String>> all = new ArrayList<>();
    for (JsonNode child : JSON.readTree(get(base + "manifests/" + index)).path("manifests")) {
      String digest = child.path("digest").asText();
      byte[] manifest = get(base + "manifests/" + digest);
      ImageCheck.check(manifest, digest, d -> get(base + "blobs/" + d), null);
      List<String> layers = new ArrayList<>();
      JSON.readTree(manifest).path("layers").forEach(l -> layers.add(l.path("digest").asText()));
      all.add(layers);
    }
    assertThat(all).hasSize(2);
    return all;
  }

  private static List<String> tags(String repo) throws IOException {
    List<String> tags = new ArrayList<>();
    JSON.readTree(get("http://" + registry.host() + "/v2/" + repo + "/tags/list"))
        .path("tags").forEach(t -> tags.add(t.asText()));
    return tags;
  }

  private static String expectedFullDigest;

  /** The base pushed once, and the full image's digest pushed without faults (once). */
  private static synchronized String expectedFullDigest() throws Exception {
    if (expectedFullDigest == null) {
      BuildRequest base = BuildRequest.builder()
          .binaries(List.of(BINARY.resolveSibling("c-musl-static"), ARM64))
          .plan(PlanRequest.builder().build()).image(registry.host() + "/bases/musl:1")
          .push(true).environment(environment()).build();
      SlimBuild.run(base, (step, done, total) -> { });
      expectedFullDigest = digest(pushFull(registry.host(), "matrix/full-reference"));
    }
    return expectedFullDigest;
  }

  private static BuildResult pushFull(String host, String repo) throws Exception {
    PlanRequest plan = PlanRequest.builder()
        .base(new Base(Base.Kind.IMAGE, host + "/bases/musl:1", false)).build();
    BuildRequest build = BuildRequest.builder()
        .binaries(List.of(BINARY, ARM64)).plan(plan)
        .image(host + "/" + repo + ":1").push(true).sbom(true).environment(environment())
        .build();
    return SlimBuild.run(build, (step, done, total) -> { });
  }

  private static String expectedDigest;

  /** The new image's digest, pushed without faults to a repository of its own (once). */
  private static synchronized String expectedDigest() throws Exception {
    if (expectedDigest == null) {
      String repo = "matrix/reference";
      push(registry.host(), repo, BINARY);
      expectedDigest = digest(push(registry.host(), repo, second));
    }
    return expectedDigest;
  }

  private static BuildResult push(String host, String repo, Path binary) throws Exception {
    BuildRequest build = BuildRequest.builder().binary(binary).plan(PlanRequest.builder().build())
        .image(host + "/" + repo + ":1").push(true).environment(environment()).build();
    return SlimBuild.run(build, (step, done, total) -> { });
  }

  private static Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("DOCKER_CONFIG", tmp.resolve("docker").toString());
    environment.put("SOURCE_DATE_EPOCH", "0");
    environment.put("SLIM_REGISTRY_TIMEOUT", "3");
    return environment;
  }

  private static String digest(BuildResult result) {
    return result.printed().substring(result.printed().indexOf('@') + 1);
  }

  /** Checks the image under the tag straight from the registry, not through the proxy. */
  private static void assertRegistryHolds(String repo, String digest) throws IOException {
    String base = "http://" + registry.host() + "/v2/" + repo + "/";
    byte[] manifest = get(base + "manifests/" + digest);
    JsonNode config = ImageCheck.check(manifest, digest, d -> get(base + "blobs/" + d), null);
    assertThat(config.path("architecture").asText()).isEqualTo("amd64");
    assertThat(tagged(repo)).isEqualTo(digest);
  }

  private static String tagged(String repo) throws IOException {
    HttpURLConnection connection = open("http://" + registry.host() + "/v2/" + repo
        + "/manifests/1");
    connection.setRequestMethod("HEAD");
    assertThat(connection.getResponseCode()).isEqualTo(200);
    return connection.getHeaderField("Docker-Content-Digest");
  }

  private static byte[] get(String url) throws IOException {
    HttpURLConnection connection = open(url);
    assertThat(connection.getResponseCode()).as(url).isEqualTo(200);
    try (InputStream in = connection.getInputStream()) {
      return in.readAllBytes();
    }
  }

  private static HttpURLConnection open(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setRequestProperty("Accept", "application/vnd.oci.image.index.v1+json,"
        + "application/vnd.oci.image.manifest.v1+json");
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(20_000);
    return connection;
  }
}
