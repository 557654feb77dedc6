package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.oci.MediaTypes;
import dev.slim.registry.RegistryClient.BlobSource;
import dev.slim.registry.RegistryException.Kind;
import dev.slim.testing.QuirkProxy;
import dev.slim.testing.QuirkProxy.Reply;
import dev.slim.testing.RegistryExtension;
import dev.slim.testing.TinyImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listings, manifests, blob streams and probes against the real registry, and, through a
 * {@link QuirkProxy}, the answers a registry may give instead: which pages are asked for, what a
 * manifest must match, what a refusal says.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegistryEndpointsTest {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  private static final String JSON = "application/json";

  private static String repo() {
    return "endpoints/app-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static RegistryClient client(String host) {
    return RegistryClient.builder(host).build();
  }

  private static String image(String repo, String tag) throws Exception {
    return TinyImage.push(client(registry.host()), repo, tag, "2024-01-01T00:00:00Z",
        "layer of " + repo, null);
  }

  private static Reply error(int status, String code, String message) {
    return new Reply(status, Map.of("Content-Type", JSON), FakeRegistry.errors(code, message));
  }

  private static List<String> targets(QuirkProxy proxy, String method, String pathRegex) {
    return proxy.seen().stream().filter(r -> r.method().equals(method)
        && r.path().matches(pathRegex)).map(QuirkProxy.Request::target).toList();
  }

  @Test
  void listsTagsPageByPageAsTheLinkHeadersLeadAndStopsPastTheLimit() throws Exception {
    String repo = repo();
    for (String tag : List.of("a", "b", "c", "d", "e")) {
      image(repo, tag);
    }
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      RegistryClient client = client(proxy.host());
      String list = "/v2/" + repo + "/tags/list";

      // Debian's Distribution (2.8) lists tags in its storage's order and in one page, whatever
      // n asks for (FakeRegistry tests follow the Link pages of tags)
      List<String> all = client.tags(repo);
      assertThat(all).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
      assertThat(targets(proxy, "GET", list)).containsExactly(list);

      assertThat(client.tags(repo, 2)).isEqualTo(all);
      assertThat(targets(proxy, "GET", list)).hasSize(2).element(1).isEqualTo(list + "?n=2");

      assertThat(client.tags(repo, 2, 2)).isEqualTo(all.subList(0, 3));
      assertThat(targets(proxy, "GET", list)).hasSize(3);
    }
  }

  @Test
  void listsTheCatalogPageByPage() throws Exception {
    String first = repo();
    String second = repo();
    image(first, "v1");
    image(second, "v1");
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      RegistryClient client = client(proxy.host());

      assertThat(client.catalog()).contains(first, second);
      assertThat(targets(proxy, "GET", "/v2/_catalog")).containsExactly("/v2/_catalog");
      List<String> paged = client.catalog(1, 100_000);
      assertThat(paged).contains(first, second).doesNotHaveDuplicates();
      assertThat(targets(proxy, "GET", "/v2/_catalog")).hasSize(1 + paged.size())
          .element(1).isEqualTo("/v2/_catalog?n=1");
      assertThat(client.catalogAllowed()).isTrue();
    }
  }

  @Test
  void streamsABlobsBytesAndSaysWhenItIsMissing() throws Exception {
    String repo = repo();
    byte[] blob = "streamed blob".getBytes(StandardCharsets.UTF_8);
    String digest = ContentDigest.sha256(blob);
    client(registry.host()).pushBlob(repo, digest, blob.length, BlobSource.of(blob), null);

    try (InputStream in = client(registry.host()).openBlob(repo, digest)) {
      assertThat(in.readAllBytes()).isEqualTo(blob);
    }
    assertThatThrownBy(() -> client(registry.host()).openBlob(repo, ContentDigest.sha256(
        new byte[] {1}))).isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
  }

  @Test
  void anEmptyBlobIsPushedAndReadBack() throws Exception {
    String repo = repo();
    String digest = ContentDigest.sha256(new byte[0]);
    assertThat(client(registry.host()).pushBlob(repo, digest, 0, BlobSource.of(new byte[0]),
        null)).isEqualTo(RegistryClient.UploadResult.UPLOADED);
    assertThat(client(registry.host()).getBlob(repo, digest)).isEmpty();
    assertThat(client(registry.host()).blobSize(repo, digest)).contains(0L);
  }

  @Test
  void deletesAManifestWhereDeletesAreEnabled() throws Exception {
    String repo = repo();
    String digest = image(repo, "v1");
    RegistryClient client = client(registry.host());
    assertThat(client.deleteEnabled(repo)).isTrue();

    client.deleteManifest(repo, digest);

    assertThat(client.getManifest(repo, digest)).isEmpty();
    assertThat(client.getManifest(repo, "v1")).isEmpty();
  }

  @Test
  void aRegistryThatRefusesDeletesSaysSo() throws Exception {
    String repo = repo();
    String digest = image(repo, "v1");
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("DELETE", "/v2/.+/manifests/.+", r -> error(405, "UNSUPPORTED",
          "The operation is unsupported."));
      RegistryClient client = client(proxy.host());

      assertThat(client.deleteEnabled(repo)).isFalse();
      assertThatThrownBy(() -> client.deleteManifest(repo, digest))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
          .hasMessage("registry " + proxy.host() + " does not allow deleting manifests (405"
              + " Method Not Allowed; UNSUPPORTED: The operation is unsupported.)");
    }
    assertThat(client(registry.host()).getManifest(repo, digest)).isPresent();
  }

  @Test
  void answersNoEndpointExpectsAreFailuresWithWhatTheRegistrySaid() throws Exception {
    String repo = repo();
    String digest = image(repo, "v1");
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("DELETE", ".*", r -> error(500, "UNKNOWN", "disk full"));
      proxy.on("GET", ".*", r -> error(500, "UNKNOWN", "disk full"));
      RegistryClient client = client(proxy.host());
      String said = ": unexpected answer 500 Internal Server Error; UNKNOWN: disk full";

      assertThatThrownBy(() -> client.deleteManifest(repo, digest)).hasMessage("cannot delete"
          + " manifest " + repo + "@" + digest + " on registry " + proxy.host() + said);
      assertThatThrownBy(() -> client.deleteEnabled(repo)).hasMessage("cannot check whether"
          + " manifests of " + repo + " may be deleted on registry " + proxy.host() + said);
      assertThatThrownBy(() -> client.getManifest(repo, "v1")).hasMessage("cannot read"
          + " manifest " + repo + ":v1 on registry " + proxy.host() + said);
      assertThatThrownBy(() -> client.referrers(repo, digest)).hasMessage("cannot list the"
          + " referrers of " + repo + "@" + digest + " on registry " + proxy.host() + said);
      assertThatThrownBy(() -> client.catalogAllowed()).hasMessage("cannot list the"
          + " repositories on registry " + proxy.host() + ": unexpected answer 500 Internal"
          + " Server Error");
    }
  }

  @Test
  void theCatalogIsClosedToAnswersThatSayNo() throws Exception {
    for (int status : new int[] {403, 404, 405}) {
      try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
        proxy.on("GET", "/v2/_catalog.*", r -> error(status, "DENIED", "no"));
        assertThat(client(proxy.host()).catalogAllowed()).as("status %d", status).isFalse();
      }
    }
  }

  @Test
  void aManifestMustHashToTheDigestItWasAskedForAndTheOneTheRegistryNames() throws Exception {
    String repo = repo();
    String digest = image(repo, "v1");
    String other = "{\"schemaVersion\":2,\"manifests\":[]}";
    String otherDigest = ContentDigest.sha256(other.getBytes(StandardCharsets.UTF_8));
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("GET", "/v2/.+/manifests/sha256:.+", r -> new Reply(200,
          Map.of("Content-Type", MediaTypes.OCI_INDEX), other));
      proxy.on("GET", "/v2/.+/manifests/v2", r -> new Reply(200, Map.of("Content-Type",
          MediaTypes.OCI_INDEX, "Docker-Content-Digest", digest), other));
      proxy.on("GET", "/v2/.+/manifests/v3", r -> new Reply(200, Map.of("Content-Type",
          MediaTypes.OCI_INDEX, "Docker-Content-Digest", "sha512:" + "0".repeat(128)), other));
      RegistryClient client = client(proxy.host());

      assertThatThrownBy(() -> client.getManifest(repo, digest)).hasMessage("registry "
          + proxy.host() + " sent manifest " + repo + "@" + digest + " whose bytes hash to "
          + otherDigest);
      assertThatThrownBy(() -> client.getManifest(repo, "v2")).hasMessage("registry "
          + proxy.host() + " said manifest " + repo + ":v2 is " + digest + " but sent bytes"
          + " that hash to " + otherDigest);
      assertThat(client.getManifest(repo, "v3")).hasValueSatisfying(m -> {
        assertThat(m.digest()).isEqualTo(otherDigest);
        assertThat(m.isIndex()).isTrue();
      });
    }
  }

  @Test
  void aManifestStoredUnderAnotherDigestIsAFailure() throws Exception {
    String repo = repo();
    byte[] body = "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
    String other = "sha256:" + "f".repeat(64);
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("PUT", "/v2/.+/manifests/.+", r -> new Reply(201,
          Map.of("Docker-Content-Digest", other), ""));

      assertThatThrownBy(() -> client(proxy.host()).putManifest(repo, "v1", body,
          MediaTypes.OCI_INDEX)).hasMessage("registry " + proxy.host() + " stored manifest "
              + repo + ":v1 as " + other + " but its bytes hash to "
              + ContentDigest.sha256(body));
    }
    assertThat(client(registry.host()).putManifest(repo, "v1", body, MediaTypes.OCI_INDEX))
        .isEqualTo(ContentDigest.sha256(body));
  }

  @Test
  void referrersAreEmptyWhereTheApiIsMissingOrAnswersSomethingElse() throws Exception {
    String repo = repo();
    String digest = image(repo, "v1");
    assertThat(client(registry.host()).referrers(repo, digest)).isEmpty();
    for (String body : List.of("{\"schemaVersion\":2}", "[]", "not json")) {
      try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
        proxy.on("GET", "/v2/.+/referrers/.+", r -> new Reply(200, Map.of("Content-Type", JSON),
            body));
        assertThat(client(proxy.host()).referrers(repo, digest)).as(body).isEmpty();
      }
    }
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("GET", "/v2/.+/referrers/.+", r -> new Reply(400, Map.of(), ""));
      assertThat(client(proxy.host()).referrers(repo, digest)).isEmpty();
      assertThat(proxy.seen()).singleElement().satisfies(r ->
          assertThat(r.headers()).containsEntry("accept", MediaTypes.OCI_INDEX));
    }
  }
}
