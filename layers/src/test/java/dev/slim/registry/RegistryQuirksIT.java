package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.oci.MediaTypes;
import dev.slim.registry.RegistryClient.BlobSource;
import dev.slim.registry.RegistryClient.UploadResult;
import dev.slim.registry.RegistryException.Kind;
import dev.slim.testing.QuirkProxy;
import dev.slim.testing.QuirkProxy.Forward;
import dev.slim.testing.QuirkProxy.Reply;
import dev.slim.testing.RegistryExtension;
import dev.slim.testing.TinyImage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pushes through a {@link QuirkProxy} that makes the real Distribution registry answer as other
 * registries do (ECR, GHCR, Docker Hub, Nexus, OpenShift, S3-backed storage, registries without
 * OCI support). Each test ends with the push done, checked on the registry itself, or with a
 * message that names the cause and the fix.
 */
class RegistryQuirksIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  private static final String MOUNT = "/v2/.+/blobs/uploads/\\?mount=.*";
  private static final String JSON = "application/json";

  private static String repo(String name) {
    return "quirks/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static RegistryClient through(QuirkProxy proxy) {
    return RegistryClient.builder(proxy.host()).userAgent("slim-test").build();
  }

  private static RegistryClient direct() {
    return RegistryClient.builder(registry.host()).build();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Pushes a small image through {@code client} and checks it arrived, asking the registry. */
  private static void pushesAnImage(RegistryClient client, String repo) throws Exception {
    String digest = TinyImage.push(client, repo, "v1", "2024-01-01T00:00:00Z",
        "layer of " + repo, null);
    assertThat(direct().getManifest(repo, "v1").orElseThrow().digest()).isEqualTo(digest);
  }

  private static String sharedBlobIn(String from, byte[] blob) throws Exception {
    String digest = ContentDigest.sha256(blob);
    direct().pushBlob(from, digest, blob.length, BlobSource.of(blob), null);
    return digest;
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 204, 404, 405, 400})
  void uploadsWhenTheRegistryAnswersAMountItsOwnWay(int status) throws Exception {
    String from = repo("base");
    String to = repo("app");
    byte[] blob = bytes("mounted elsewhere " + status);
    String digest = sharedBlobIn(from, blob);
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("POST", MOUNT, r -> new Reply(status, Map.of(), ""));

      assertThat(through(proxy).pushBlob(to, digest, blob.length, BlobSource.of(blob), from))
          .isEqualTo(UploadResult.UPLOADED);
      assertThat(proxy.count("POST", "/v2/.+/blobs/uploads/")).isEqualTo(2);
    }
    assertThat(direct().getBlob(to, digest)).isEqualTo(blob);
  }

  @Test
  void uploadsIntoTheSessionAMountAnswerOpensAsEcrDoes() throws Exception {
    String from = repo("base");
    String to = repo("app");
    byte[] blob = bytes("ECR never mounts");
    String digest = sharedBlobIn(from, blob);
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      // ECR answers a mount 202 with a fresh upload session: here the registry opens one
      proxy.on("POST", MOUNT, r -> new Forward(r.path(), Function.identity()));

      assertThat(through(proxy).pushBlob(to, digest, blob.length, BlobSource.of(blob), from))
          .isEqualTo(UploadResult.UPLOADED);
      assertThat(proxy.count("POST", "/v2/.+/blobs/uploads/")).isEqualTo(1);
      assertThat(proxy.count("PUT", "/v2/.+/blobs/uploads/.+")).isEqualTo(1);
    }
    assertThat(direct().getBlob(to, digest)).isEqualTo(blob);
  }

  @Test
  void uploadsWhenTheTokenServiceRefusesTheSourceRepository() throws Exception {
    String from = repo("private-base");
    String to = repo("app");
    byte[] blob = bytes("base layer the account may not read");
    String digest = sharedBlobIn(from, blob);
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.requireBearer(",service=\"quirk\"").refuseTokensFor(from);

      assertThat(through(proxy).pushBlob(to, digest, blob.length, BlobSource.of(blob), from))
          .isEqualTo(UploadResult.UPLOADED);
      assertThat(proxy.tokenRequests()).anyMatch(q -> q.contains(Protocol.encode(from)));
    }
    assertThat(direct().getBlob(to, digest)).isEqualTo(blob);
  }

  @Test
  void namesTheRegistryAsServiceWhenTheChallengeNamesNoneAsOpenShiftSends() throws Exception {
    String repo = repo("openshift");
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.requireBearer("");

      pushesAnImage(through(proxy), repo);
      assertThat(proxy.tokenRequests()).isNotEmpty()
          .allMatch(q -> q.startsWith("service=" + Protocol.encode(proxy.host()) + "&"));
    }
  }

  @Test
  void fetchesAFreshTokenWhenOneExpiresBetweenRequests() throws Exception {
    String repo = repo("expiring");
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      // every token is refused from its third request on, with a fresh challenge
      proxy.requireBearer(",service=\"quirk\"").expireTokensAfter(2);

      pushesAnImage(through(proxy), repo);
      assertThat(proxy.tokensIssued()).isGreaterThan(2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"415", "400"})
  void suggestsDockerFormatWhenTheRegistryRefusesOciManifests(String status) throws Exception {
    String repo = repo("no-oci");
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("PUT", "/v2/.+/manifests/.+", r -> r.headers().getOrDefault("content-type", "")
          .startsWith("application/vnd.oci.") ? new Reply(Integer.parseInt(status),
              Map.of("Content-Type", JSON), "{\"errors\":[{\"code\":\"MANIFEST_INVALID\","
                  + "\"message\":\"manifest invalid\"}]}") : null);
      RegistryClient client = through(proxy);

      String reason = status.equals("415") ? "415 Unsupported Media Type" : "400 Bad Request";
      assertThatThrownBy(() -> TinyImage.push(client, repo, "v1", "2024-01-01T00:00:00Z",
          "oci refused", null))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
          .hasMessage("cannot push manifest " + repo + ":v1 on registry " + proxy.host()
              + ": unexpected answer " + reason + "; MANIFEST_INVALID: manifest invalid — this"
              + " registry may not accept OCI manifests (" + MediaTypes.OCI_MANIFEST + "): try"
              + " --format docker");

      byte[] config = bytes("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
      String configDigest = ContentDigest.sha256(config);
      client.pushBlob(repo, configDigest, config.length, BlobSource.of(config), null);
      byte[] docker = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST
          + "\",\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
          + "\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[]}");
      assertThat(client.putManifest(repo, "v1", docker, MediaTypes.DOCKER_MANIFEST))
          .isEqualTo(ContentDigest.sha256(docker));
    }
  }

  @Test
  void uploadsToASessionOnAnotherHostAndPort() throws Exception {
    String repo = repo("s3-uploads");
    try (QuirkProxy storage = QuirkProxy.start(registry.server().port());
        QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("POST", "/v2/.+/blobs/uploads/", r -> new Forward(r.target(),
          location -> location.replace(proxy.host(), storage.host())));

      pushesAnImage(through(proxy), repo);
      assertThat(storage.count("PUT", "/v2/.+/blobs/uploads/.+")).isEqualTo(2);
      assertThat(proxy.count("PUT", "/v2/.+/blobs/uploads/.+")).isZero();
    }
  }

  @Test
  void readsBlobsRedirectedToStorageOnAnotherHost() throws Exception {
    String repo = repo("s3-reads");
    byte[] blob = bytes("served from a bucket");
    String digest = sharedBlobIn(repo, blob);
    try (QuirkProxy storage = QuirkProxy.start(registry.server().port());
        QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("GET", "/v2/.+/blobs/sha256:.+", r -> new Reply(307,
          Map.of("Location", "http://" + storage.host() + r.target()), ""));

      assertThat(through(proxy).getBlob(repo, digest)).isEqualTo(blob);
      assertThat(storage.count("GET", "/v2/.+/blobs/sha256:.+")).isEqualTo(1);
    }
  }

  @Test
  void saysToCreateTheRepositoryWhenTheRegistryDoesNotKnowIt() throws Exception {
    String repo = repo("missing");
    byte[] blob = bytes("nowhere to go");
    String digest = ContentDigest.sha256(blob);
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("POST", "/v2/.+/blobs/uploads/", r -> new Reply(404, Map.of("Content-Type",
          JSON), "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"The repository with"
              + " name 'x' does not exist\"}]}"));

      assertThatThrownBy(() -> through(proxy).pushBlob(repo, digest, blob.length,
          BlobSource.of(blob), null))
          .hasMessage("cannot start an upload to " + repo + " on registry " + proxy.host()
              + ": not found (404 Not Found; NAME_UNKNOWN: The repository with name 'x' does"
              + " not exist) — create the repository first: registries such as ECR do not"
              + " create one on push");
    }
  }

  @Test
  void saysToCreateTheRepositoryWhenTheRegistryDeniesIt() throws Exception {
    String repo = repo("denied");
    byte[] blob = bytes("denied");
    String digest = ContentDigest.sha256(blob);
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("POST", "/v2/.+/blobs/uploads/", r -> new Reply(403, Map.of("Content-Type",
          JSON), "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the"
              + " resource is denied\"}]}"));

      assertThatThrownBy(() -> through(proxy).pushBlob(repo, digest, blob.length,
          BlobSource.of(blob), null))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN))
          .hasMessage("registry " + proxy.host() + " denied access: cannot start an upload to "
              + repo + " (403 Forbidden; DENIED: requested access to the resource is denied) —"
              + " check the repository name and that the account may access it; if the"
              + " repository does not exist yet, create it first (ECR, or GHCR for an"
              + " organisation that does not let members create packages)");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1"})
  void waitsOutTooManyRequestsWithAndWithoutRetryAfter(String retryAfter) throws Exception {
    String repo = repo("rate-limited");
    AtomicInteger manifestPuts = new AtomicInteger();
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("PUT", "/v2/.+/manifests/.+", r -> manifestPuts.incrementAndGet() == 1
          ? new Reply(429, retryAfter.isEmpty() ? Map.of("Content-Type", JSON)
              : Map.of("Retry-After", retryAfter, "Content-Type", JSON),
              "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"rate limit\"}]}")
          : null);

      long started = System.nanoTime();
      pushesAnImage(through(proxy), repo);
      assertThat(manifestPuts.get()).isEqualTo(2);
      assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);
    }
  }
}
