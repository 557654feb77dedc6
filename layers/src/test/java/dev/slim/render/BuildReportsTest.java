package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltIndex;
import dev.slim.image.BuiltLayer;
import dev.slim.oci.Descriptor;
import dev.slim.oci.Platform;
import dev.slim.push.Baseline;
import dev.slim.push.BlobStatus;
import dev.slim.push.Published;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A report made from what a build's steps returned: two platforms sharing a 3000-byte base layer.
 * Sums by hand: compressed 3000 + 1000 + 200 + 1200 + 210 = 5610 (the shared layer once);
 * uncompressed 2500 + 200 + 2600 + 210 = 5510 (the base layer's is unknown, counted 0).
 */
class BuildReportsTest {

  private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String INDEX = "application/vnd.oci.image.index.v1+json";

  private static String digest(char c) {
    return "sha256:" + String.valueOf(c).repeat(64);
  }

  private static final BuiltLayer BASE = new BuiltLayer.RemoteBase(
      new Descriptor(LAYER, digest('b'), 3000), digest('b'), "base layer", "reg/base");

  private static BuiltImage image(String arch, char layer, long size, long unpacked, char config,
      long configSize, char manifest) {
    BuiltLayer own = new BuiltLayer.Built(new Descriptor(LAYER, digest(layer), size),
        digest(layer), unpacked, "binary /app", Path.of("/tmp/none.gz"));
    return new BuiltImage(Platform.linux(arch), List.of(BASE, own),
        new Descriptor(CONFIG, digest(config), configSize), new byte[0],
        new Descriptor(MANIFEST, digest(manifest), 500), new byte[0]);
  }

  private static final BuiltImage AMD = image("amd64", '1', 1000, 2500, 'c', 200, 'm');
  private static final BuiltImage ARM = image("arm64", '2', 1200, 2600, 'd', 210, 'n');

  @Test
  void anIndexOfTwoPlatformsCountsTheSharedLayerOnce() {
    BuiltIndex index = new BuiltIndex(new Descriptor(INDEX, digest('i'), 400), new byte[0],
        List.of(AMD, ARM));
    String ref = "reg/app:1@" + digest('i');
    Published published = new Published(ref, null,
        Map.of(digest('1'), BlobStatus.UPLOADED, digest('b'), BlobStatus.MOUNTED), "reused",
        List.of(ref, "reg/app:latest"));
    BuildReport r = BuildReports.of(List.of(AMD, ARM), index, published,
        Optional.of(new Baseline("reg/app:0", digest('o'), 9000)), "compared with reg/app:0", 6,
        1234);

    assertThat(r.digest()).isEqualTo(digest('i'));
    assertThat(r.mediaType()).isEqualTo(INDEX);
    assertThat(r.platform()).isEqualTo("linux/amd64,linux/arm64");
    assertThat(r.afterCompressed()).isEqualTo(5610);
    assertThat(r.afterUncompressed()).isEqualTo(5510);
    assertThat(r.baselineReference()).isEqualTo("reg/app:0");
    assertThat(r.beforeCompressed()).isEqualTo(9000);
    assertThat(r.savedBytes()).isEqualTo(3390);
    assertThat(r.references()).containsExactly(ref, "reg/app:latest");
    assertThat(r.layers()).containsExactly(
        new LayerRow(digest('b'), 3000, null, "base layer", "mounted", "base"),
        new LayerRow(digest('1'), 1000, 2500L, "binary /app", "uploaded", "slim"));
    assertThat(r.config())
        .isEqualTo(new LayerRow(digest('c'), 200, null, "image config", "reused", "slim"));
    assertThat(r.platforms()).hasSize(2);
    PlatformImage arm = r.platforms().get(1);
    assertThat(arm.platform()).isEqualTo("linux/arm64");
    assertThat(arm.digest()).isEqualTo(digest('n'));
    assertThat(arm.compressedSize()).isEqualTo(4410);
    assertThat(r.uploadedBytes()).isEqualTo(1000);
    // mounted base 3000, and every blob not pushed is reused: 200 + 1200 + 210
    assertThat(r.reusedBytes()).isEqualTo(4610);
    assertThat(r.requests()).isEqualTo(6);
    assertThat(r.durationMillis()).isEqualTo(1234);
    assertThat(r.outcome().status()).isEqualTo(Outcome.PUSHED);
  }

  @Test
  void oneImageWithoutABaselineIsItsManifest() {
    Published written = new Published("app:1", "out/app.tar", Map.of(), "written");
    BuildReport r = BuildReports.of(List.of(AMD), null, written, Optional.empty(), "no baseline",
        0, 10);
    assertThat(r.digest()).isEqualTo(digest('m'));
    assertThat(r.mediaType()).isEqualTo(MANIFEST);
    assertThat(r.platform()).isEqualTo("linux/amd64");
    assertThat(r.afterCompressed()).isEqualTo(4200);
    assertThat(r.baselineReference()).isNull();
    assertThat(r.beforeCompressed()).isNull();
    assertThat(r.savedBytes()).isNull();
    assertThat(r.archive()).isEqualTo("out/app.tar");
    assertThat(r.outcome().status()).isEqualTo(Outcome.WRITTEN);
    assertThat(r.uploadedBytes()).isZero();
    assertThat(r.reusedBytes()).isZero();
  }
}
