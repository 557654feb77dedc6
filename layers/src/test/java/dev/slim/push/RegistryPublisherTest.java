package dev.slim.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltIndex;
import dev.slim.image.BuiltLayer;
import dev.slim.image.Progress;
import dev.slim.oci.Descriptor;
import dev.slim.registry.ImageRef;
import dev.slim.registry.RegistryAccess;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.Sessions;
import dev.slim.testing.FaultProxy;
import dev.slim.testing.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a push to the real registry decides for each blob (upload, reuse, mount, copy from the
 * base's registry), where the manifests go (tag, further tags, index) and how its failures read.
 */
@Timeout(120)
class RegistryPublisherTest {

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir Path dir;

  private final List<String> said = new CopyOnWriteArrayList<>();
  private final Progress progress = new Progress() {
    @Override
    public void update(String step, long done, long total) {
      said.add("update " + step);
    }

    @Override
    public void done(String step) {
      said.add("done " + step);
    }
  };

  private RegistryClient client;

  @BeforeEach
  void client() throws Exception {
    client = sessions().client(REGISTRY.host());
  }

  /** The sessions of one run of slim, open, without credentials. */
  static Sessions sessions() {
    return Sessions.forAll(new RegistryAccess(null, null, Set.of(), Map.of()), "slim-test");
  }

  private ImageRef ref(String host, String repoAndTag) {
    return ImageRef.parse(host + "/" + repoAndTag);
  }

  private static String shortDigest(Descriptor blob) {
    return blob.digest().substring(0, 19);
  }

  @Test
  void theFirstPushUploadsEveryBlobAndTheSecondReusesThem() throws Exception {
    BuiltLayer a = TestImages.built(dir, "first layer");
    BuiltLayer b = TestImages.built(dir, "second layer");
    BuiltImage image = TestImages.image("amd64", List.of(a, b));
    ImageRef target = ref(REGISTRY.host(), "team/fresh:1");

    Published first = Publisher.registry(target, sessions())
        .publish(List.of(image), null, progress);

    assertThat(first.reference()).isEqualTo(REGISTRY.host() + "/team/fresh:1@" + image.digest());
    assertThat(first.references()).containsExactly(first.reference());
    assertThat(first.printed()).isEqualTo(first.reference());
    assertThat(first.inRegistry()).isTrue();
    assertThat(first.statuses()).isEqualTo(Map.of(a.blob().digest(), BlobStatus.UPLOADED,
        b.blob().digest(), BlobStatus.UPLOADED, image.config().digest(), BlobStatus.UPLOADED));
    assertThat(first.status("sha256:" + "0".repeat(64))).isEqualTo("reused");
    assertThat(client.getManifest("team/fresh", "1").orElseThrow().digest())
        .isEqualTo(image.digest());
    assertThat(said).contains("update uploading " + shortDigest(a.blob()),
        "done uploaded " + shortDigest(a.blob()), "update pushing manifest");

    said.clear();
    Published second = Publisher.registry(target, sessions())
        .publish(List.of(image), null, progress);

    assertThat(second.statuses().values()).containsOnly(BlobStatus.REUSED);
    assertThat(second.status(a.blob().digest())).isEqualTo("reused");
    assertThat(said).contains("done reused " + shortDigest(b.blob()) + " (the registry has it)")
        .noneMatch(s -> s.startsWith("update uploading"));
  }

  @Test
  void everyFurtherTagGetsTheSameManifest() throws Exception {
    BuiltImage image = TestImages.image("amd64", List.of(TestImages.built(dir, "tagged")));
    ImageRef target = ref(REGISTRY.host(), "team/tags:1.0");

    Published published = Publisher.registry(target, List.of("1", "stable"),
        sessions()).publish(List.of(image), null, progress);

    String at = "@" + image.digest();
    assertThat(published.references()).containsExactly(REGISTRY.host() + "/team/tags:1.0" + at,
        REGISTRY.host() + "/team/tags:1" + at, REGISTRY.host() + "/team/tags:stable" + at);
    assertThat(published.printed()).isEqualTo(String.join("\n", published.references()));
    for (String tag : List.of("1.0", "1", "stable")) {
      assertThat(client.getManifest("team/tags", tag).orElseThrow().digest())
          .as(tag).isEqualTo(image.digest());
    }
    assertThat(said).contains("update tagging 1", "update tagging stable");
  }

  @Test
  void aTargetWithoutTagIsPushedAsLatest() throws Exception {
    BuiltImage image = TestImages.image("amd64", List.of(TestImages.built(dir, "untagged")));

    Published published = Publisher.registry(ImageRef.parse(REGISTRY.host() + "/team/plain"),
        sessions()).publish(List.of(image), null, progress);

    assertThat(published.reference()).endsWith("@" + image.digest());
    assertThat(client.getManifest("team/plain", "latest").orElseThrow().digest())
        .isEqualTo(image.digest());
  }

  @Test
  void severalImagesGoByDigestAndTheirIndexGoesToTheTag() throws Exception {
    BuiltLayer shared = TestImages.built(dir, "shared by both platforms");
    BuiltImage amd = TestImages.image("amd64", List.of(shared,
        TestImages.built(dir, "amd64 binary")));
    BuiltImage arm = TestImages.image("arm64", List.of(shared,
        TestImages.built(dir, "arm64 binary")));
    BuiltIndex index = TestImages.index(List.of(amd, arm));

    Published published = Publisher.registry(ref(REGISTRY.host(), "team/multi:2"),
        List.of("edge"), sessions()).publish(List.of(amd, arm), index, progress);

    assertThat(published.reference())
        .isEqualTo(REGISTRY.host() + "/team/multi:2@" + index.digest());
    assertThat(published.references().get(1)).endsWith("/team/multi:edge@" + index.digest());
    assertThat(published.statuses()).hasSize(5);
    assertThat(client.getManifest("team/multi", "2").orElseThrow().digest())
        .isEqualTo(index.digest());
    assertThat(client.getManifest("team/multi", "edge").orElseThrow().digest())
        .isEqualTo(index.digest());
    assertThat(client.getManifest("team/multi", amd.digest())).isPresent();
    assertThat(client.getManifest("team/multi", arm.digest())).isPresent();
    assertThat(client.tags("team/multi")).containsExactlyInAnyOrder("2", "edge");
    assertThat(said).contains("update pushing index");
  }

  @Test
  void aBaseLayerInAnotherRepositoryOfTheSameRegistryIsMounted() throws Exception {
    BuiltLayer base = TestImages.remote(client, REGISTRY.host(), "library/base", "base os");
    BuiltImage image = TestImages.image("amd64", List.of(base,
        TestImages.built(dir, "app on base")));

    Published published = Publisher.registry(ref(REGISTRY.host(), "team/onbase:1"),
        sessions()).publish(List.of(image), null, progress);

    assertThat(published.statuses().get(base.blob().digest())).isEqualTo(BlobStatus.MOUNTED);
    assertThat(published.status(base.blob().digest())).isEqualTo("mounted");
    assertThat(client.blobSize("team/onbase", base.blob().digest())).contains(base.blob().size());
    assertThat(said).contains("done mounted " + shortDigest(base.blob()) + " from library/base");
  }

  @Test
  void aBaseLayerOfAnotherRegistryIsCopiedFromThere() throws Exception {
    try (FaultProxy other = FaultProxy.start(REGISTRY.server().port())) {
      BuiltLayer base = TestImages.remote(client, other.host(), "library/far", "far base");
      BuiltImage image = TestImages.image("amd64", List.of(base));

      Published published = Publisher.registry(ref(REGISTRY.host(), "team/farbase:1"),
          sessions()).publish(List.of(image), null, progress);

      assertThat(published.statuses().get(base.blob().digest())).isEqualTo(BlobStatus.UPLOADED);
      assertThat(other.count("GET", "/v2/library/far/blobs/" + base.blob().digest()))
          .isEqualTo(1);
      assertThat(client.getBlob("team/farbase", base.blob().digest()))
          .isEqualTo("far base".getBytes());
    }
  }

  @Test
  void aLayerAnImageOfTheSameRunPushedIsMountedFromItsRepository() throws Exception {
    BuiltLayer layer = TestImages.built(dir, "static base of the run");
    PushedBlobs pushed = new PushedBlobs();
    Sessions sessions = sessions();
    BuiltImage one = TestImages.image("amd64", List.of(layer, TestImages.built(dir, "one")));
    BuiltImage two = TestImages.image("amd64", List.of(layer, TestImages.built(dir, "two")));

    Published first = Publisher.registry(ref(REGISTRY.host(), "run/one:1"), List.of(), sessions,
        pushed).publish(List.of(one), null, progress);
    Published second = Publisher.registry(ref(REGISTRY.host(), "run/two:1"), List.of(),
        sessions, pushed).publish(List.of(two), null, progress);
    Published again = Publisher.registry(ref(REGISTRY.host(), "run/one:2"), List.of(), sessions,
        pushed).publish(List.of(one), null, progress);

    assertThat(first.statuses().get(layer.blob().digest())).isEqualTo(BlobStatus.UPLOADED);
    assertThat(second.statuses().get(layer.blob().digest())).isEqualTo(BlobStatus.MOUNTED);
    assertThat(again.statuses().get(layer.blob().digest())).isEqualTo(BlobStatus.REUSED);
    assertThat(said).contains("done mounted " + shortDigest(layer.blob()) + " from run/one");
    assertThat(pushed.elsewhere(REGISTRY.host(), layer.blob().digest(), "run/three"))
        .isEqualTo("run/one");
  }

  @Test
  void skipSaysWhereTheImagesWouldHaveGoneAndSendsNothing() throws Exception {
    BuiltImage amd = TestImages.image("amd64", List.of(TestImages.built(dir, "gated amd")));
    BuiltImage arm = TestImages.image("arm64", List.of(TestImages.built(dir, "gated arm")));
    BuiltIndex index = TestImages.index(List.of(amd, arm));
    Publisher publisher = Publisher.registry(ref(REGISTRY.host(), "team/gated:1"),
        List.of("2"), sessions());

    Published one = publisher.skip(List.of(amd), null);
    Published both = publisher.skip(List.of(amd, arm), index);

    assertThat(one.references()).containsExactly(REGISTRY.host() + "/team/gated:1@" + amd.digest(),
        REGISTRY.host() + "/team/gated:2@" + amd.digest());
    assertThat(one.status(amd.layers().get(0).blob().digest())).isEqualTo("skipped");
    assertThat(both.reference()).isEqualTo(REGISTRY.host() + "/team/gated:1@" + index.digest());
    assertThat(client.getManifest("team/gated", "1")).isEmpty();
  }

  @Test
  void aManifestRefusedForABlobTheRegistryOnlyClaimedIsPutAgainOnceTheBlobIsUp()
      throws Exception {
    BuiltLayer layer = TestImages.built(dir, "claimed but missing");
    BuiltImage image = TestImages.image("amd64", List.of(layer));
    try (FaultProxy proxy = FaultProxy.start(REGISTRY.server().port())) {
      proxy.on("HEAD", "/v2/team/racy/blobs/" + layer.blob().digest(), 1,
          FaultProxy.answer(200, Map.of(), ""));

      Published published = Publisher.registry(ref(proxy.host(), "team/racy:1"),
          sessions()).publish(List.of(image), null, progress);

      assertThat(published.statuses().get(layer.blob().digest())).isEqualTo(BlobStatus.UPLOADED);
      assertThat(published.statuses().get(image.config().digest()))
          .isEqualTo(BlobStatus.UPLOADED);
      assertThat(proxy.count("PUT", "/v2/team/racy/manifests/1")).isEqualTo(2);
      assertThat(client.getManifest("team/racy", "1").orElseThrow().digest())
          .isEqualTo(image.digest());
    }
  }

  @Test
  void aManifestRefusedForAnotherReasonFailsThePushWithoutRetrying() throws Exception {
    BuiltImage image = TestImages.image("amd64", List.of(TestImages.built(dir, "invalid")));
    try (FaultProxy proxy = FaultProxy.start(REGISTRY.server().port())) {
      proxy.on("PUT", "/v2/team/refused/manifests/.+", FaultProxy.EVERY,
          FaultProxy.registryError(400, "MANIFEST_INVALID", "manifest invalid"));

      assertThatThrownBy(() -> Publisher.registry(ref(proxy.host(), "team/refused:1"),
          sessions()).publish(List.of(image), null, progress))
          .isInstanceOf(SlimException.class)
          .hasMessageContaining("manifest invalid")
          .satisfies(e -> assertThat(((SlimException) e).reason())
              .isEqualTo(SlimException.Reason.REGISTRY));
      assertThat(proxy.count("PUT", "/v2/team/refused/manifests/.+")).isEqualTo(1);
    }
  }

  @Test
  void aRefusedBlobUploadFailsThePushWithTheRegistrysWords() throws Exception {
    BuiltImage image = TestImages.image("amd64", List.of(TestImages.built(dir, "denied")));
    try (FaultProxy proxy = FaultProxy.start(REGISTRY.server().port())) {
      proxy.on("POST", "/v2/team/denied/blobs/uploads/", FaultProxy.EVERY,
          FaultProxy.registryError(403, "DENIED", "requested access to the resource is denied"));

      assertThatThrownBy(() -> Publisher.registry(ref(proxy.host(), "team/denied:1"),
          sessions()).publish(List.of(image), null, progress))
          .isInstanceOf(SlimException.class)
          .hasMessageContaining("denied");
      assertThat(proxy.count("PUT", "/v2/team/denied/manifests/.+")).isZero();
    }
  }

  @Test
  void anImageWhoseManifestBytesAreNotItsDigestIsRefusedAfterThePut() throws Exception {
    BuiltImage real = TestImages.image("amd64", List.of(TestImages.built(dir, "mislabelled")));
    Descriptor wrong = new Descriptor(real.manifest().mediaType(), "sha256:" + "1".repeat(64),
        real.manifest().size());
    BuiltImage image = new BuiltImage(real.platform(), real.layers(), real.config(),
        real.configBytes(), wrong, real.manifestBytes());

    assertThatThrownBy(() -> Publisher.registry(ref(REGISTRY.host(), "team/mislabel:1"),
        sessions()).publish(List.of(image), null, progress))
        .isInstanceOf(SlimException.class)
        .hasMessage("registry " + REGISTRY.host() + " stored the manifest under "
            + real.digest() + ", not " + wrong.digest());
  }

  @Test
  void aLayerFileThatIsGoneFailsThePushNamingTheRegistry() throws Exception {
    BuiltLayer.Built layer = TestImages.built(dir, "deleted before the push");
    BuiltImage image = TestImages.image("amd64", List.of(layer));
    Files.delete(layer.file());

    assertThatThrownBy(() -> Publisher.registry(ref(REGISTRY.host(), "team/gone:1"),
        sessions()).publish(List.of(image), null, progress))
        .isInstanceOf(SlimException.class)
        .hasMessageContaining(REGISTRY.host());
    assertThat(client.getManifest("team/gone", "1")).isEmpty();
  }
}
