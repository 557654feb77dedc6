package dev.slim.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltIndex;
import dev.slim.image.Progress;
import dev.slim.oci.Platform;
import dev.slim.registry.ImageRef;
import dev.slim.registry.RegistryClient;
import dev.slim.testing.FaultProxy;
import dev.slim.testing.RegistryExtension;
import dev.slim.testing.TinyImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A baseline read from the real registry: the image's size for the platform, or what is missing. */
@Timeout(120)
class RegistryBaselineTest {

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir Path dir;

  private static final Platform AMD64 = Platform.linux("amd64");

  private static Baseline.Lookup lookup(String host, String repoAndTag, Platform platform)
      throws SlimException {
    return Baselines.fromRegistry(RegistryPublisherTest.sessions(),
        ImageRef.parse(host + "/" + repoAndTag), platform);
  }

  private static void push(String repoAndTag, List<BuiltImage> images, BuiltIndex index)
      throws Exception {
    Publisher.registry(ImageRef.parse(REGISTRY.host() + "/" + repoAndTag),
        RegistryPublisherTest.sessions()).publish(images, index, Progress.NONE);
  }

  @Test
  void anImageCountsItsConfigAndCompressedLayers() throws Exception {
    BuiltImage image = TestImages.image("amd64", List.of(TestImages.built(dir, "12345"),
        TestImages.built(dir, "1234567")));
    push("base/one:1", List.of(image), null);

    Baseline.Lookup lookup = lookup(REGISTRY.host(), "base/one:1", AMD64);

    assertThat(lookup.exists()).isTrue();
    assertThat(lookup.missing()).isNull();
    assertThat(lookup.found()).isEqualTo(new Baseline(REGISTRY.host() + "/base/one:1",
        image.digest(), image.config().size() + 12));
  }

  @Test
  void anIndexGivesTheImageForThePlatform() throws Exception {
    BuiltImage amd = TestImages.image("amd64", List.of(TestImages.built(dir, "a")));
    BuiltImage arm = TestImages.image("arm64", List.of(TestImages.built(dir, "arm, longer")));
    push("base/multi:1", List.of(amd, arm), TestImages.index(List.of(amd, arm)));

    Baseline found = lookup(REGISTRY.host(), "base/multi:1", Platform.linux("arm64")).found();

    assertThat(found.digest()).isEqualTo(arm.digest());
    assertThat(found.compressedSize()).isEqualTo(arm.compressedSize());
  }

  @Test
  void anIndexWithoutThePlatformExistsButHasNoBaseline() throws Exception {
    BuiltImage amd = TestImages.image("amd64", List.of(TestImages.built(dir, "only amd")));
    BuiltImage arm = TestImages.image("arm64", List.of(TestImages.built(dir, "only arm")));
    push("base/noplat:1", List.of(amd, arm), TestImages.index(List.of(amd, arm)));

    Baseline.Lookup lookup = lookup(REGISTRY.host(), "base/noplat:1", Platform.linux("s390x"));

    assertThat(lookup.found()).isNull();
    assertThat(lookup.exists()).isTrue();
    assertThat(lookup.missing())
        .isEqualTo(REGISTRY.host() + "/base/noplat:1 has no linux/s390x image");
  }

  @Test
  void nothingAtTheReferenceIsNotFound() throws Exception {
    Baseline.Lookup lookup = lookup(REGISTRY.host(), "base/absent:1", AMD64);

    assertThat(lookup.found()).isNull();
    assertThat(lookup.exists()).isFalse();
    assertThat(lookup.missing()).isEqualTo("nothing at " + REGISTRY.host() + "/base/absent:1");
  }

  @Test
  void anIndexWhosePlatformImageIsGoneSaysSo() throws Exception {
    BuiltImage amd = TestImages.image("amd64", List.of(TestImages.built(dir, "listed amd")));
    BuiltImage arm = TestImages.image("arm64", List.of(TestImages.built(dir, "listed arm")));
    push("base/gone:1", List.of(amd, arm), TestImages.index(List.of(amd, arm)));
    try (FaultProxy proxy = FaultProxy.start(REGISTRY.server().port())) {
      proxy.on("GET", "/v2/base/gone/manifests/" + amd.digest(), FaultProxy.EVERY,
          FaultProxy.registryError(404, "MANIFEST_UNKNOWN", "manifest unknown"));

      Baseline.Lookup lookup = lookup(proxy.host(), "base/gone:1", AMD64);

      assertThat(lookup.exists()).isTrue();
      assertThat(lookup.missing()).isEqualTo(proxy.host() + "/base/gone:1 lists a linux/amd64"
          + " image that the registry does not have");
    }
  }

  @Test
  void aRegistryThatRefusesTheLookupFailsIt() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(REGISTRY.server().port())) {
      proxy.on("GET", "/v2/base/denied/manifests/.+", FaultProxy.EVERY,
          FaultProxy.registryError(403, "DENIED", "requested access to the resource is denied"));

      assertThatThrownBy(() -> lookup(proxy.host(), "base/denied:1", AMD64))
          .isInstanceOf(SlimException.class)
          .hasMessageContaining("denied")
          .satisfies(e -> assertThat(((SlimException) e).reason())
              .isEqualTo(SlimException.Reason.REGISTRY));
    }
  }

  @Test
  void layerSizesThatOverflowAreNotARealImage() throws Exception {
    RegistryClient client = RegistryPublisherTest.sessions().client(REGISTRY.host());
    TinyImage.push(client, "base/huge", "1", "2026-01-01T00:00:00Z", "tiny", Long.MAX_VALUE);

    assertThatThrownBy(() -> lookup(REGISTRY.host(), "base/huge:1", AMD64))
        .isInstanceOf(SlimException.class)
        .hasMessage("baseline " + REGISTRY.host() + "/base/huge:1 declares layer sizes whose sum"
            + " is larger than 8 EiB: not a real image");
  }
}
