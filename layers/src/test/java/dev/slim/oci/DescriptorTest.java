package dev.slim.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One descriptor for slim's own blobs and for what a registry's manifests list. */
class DescriptorTest {

  private static final String SHA = "sha256:" + "ab".repeat(32);

  @Test
  void hexIsThePartAfterTheAlgorithm() {
    assertThat(new Descriptor(MediaTypes.OCI_LAYER, SHA, 10).hex()).isEqualTo("ab".repeat(32));
    assertThat(new Descriptor(MediaTypes.OCI_LAYER, "sha512:" + "cd".repeat(64), 10).hex())
        .isEqualTo("cd".repeat(64));
  }

  @Test
  void rejectsWhatIsNotADigestOrANegativeSize() {
    assertThatThrownBy(() -> new Descriptor(MediaTypes.OCI_LAYER, "abc", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not a digest: abc");
    assertThatThrownBy(() -> new Descriptor(MediaTypes.OCI_LAYER, "sha256:", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Descriptor(MediaTypes.OCI_LAYER, SHA, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative size -1 for " + SHA);
    assertThatThrownBy(() -> new Descriptor(null, SHA, 1))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void knowsIndexesAndGzipLayers() {
    assertThat(MediaTypes.isIndex(MediaTypes.OCI_INDEX)).isTrue();
    assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_LIST)).isTrue();
    assertThat(MediaTypes.isIndex(MediaTypes.OCI_MANIFEST)).isFalse();
    assertThat(MediaTypes.isIndex(null)).isFalse();
    assertThat(MediaTypes.isGzipLayer(MediaTypes.DOCKER_LAYER)).isTrue();
    assertThat(MediaTypes.isGzipLayer("application/vnd.oci.image.layer.v1.tar+zstd")).isFalse();
  }
}
