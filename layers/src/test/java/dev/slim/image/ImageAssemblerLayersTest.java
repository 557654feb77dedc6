package dev.slim.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.oci.Descriptor;
import dev.slim.oci.MediaTypes;
import dev.slim.oci.Platform;
import dev.slim.plan.BaseLayer;
import dev.slim.plan.ContainerConfig;
import dev.slim.plan.ImageFormat;
import dev.slim.plan.ImagePlan;
import dev.slim.plan.LayerEntry;
import dev.slim.plan.LayerPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembler's config and manifest for every kind of plan, layers shared between images and
 * between the builds of a run, the sink that streams layers, and the layer records.
 */
@Timeout(60)
class ImageAssemblerLayersTest {

  private static final Instant CREATED = Instant.ofEpochSecond(1_700_000_000L);
  private static final String DIGEST =
      "sha256:1111111111111111111111111111111111111111111111111111111111111111";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Path binary() throws IOException {
    return Files.writeString(tmp.resolve("app-" + System.nanoTime()), "bytes\n".repeat(1000));
  }

  private static ImagePlan plan(Platform platform, List<LayerPlan> layers, ContainerConfig config,
      ImageFormat format, List<BaseLayer> base) {
    return new ImagePlan(platform, layers, config, CREATED, new TreeMap<>(), format, base);
  }

  /** An amd64 OCI image of {@code layers}, compressed at {@code level}. */
  private static ImagePlan plan(List<LayerPlan> layers, int level) {
    return new ImagePlan(Platform.linux("amd64"), layers, bare(), CREATED, new TreeMap<>(),
        ImageFormat.OCI, List.of(), level);
  }

  private static ContainerConfig bare() {
    return new ContainerConfig(List.of("/app"), List.of(), List.of(), new TreeMap<>(),
        new TreeSet<>(), "0:0", null);
  }

  private LayerPlan appLayer(Path file) {
    return new LayerPlan("binary /app", List.of(LayerEntry.file("/app", file, 0755, 0, 0)));
  }

  @Test
  void aBareConfigHasOnlyEntrypointAndUser() throws IOException {
    BuiltImage image = ImageAssembler.assemble(plan(Platform.linux("amd64"),
        List.of(appLayer(binary())), bare(), ImageFormat.OCI, List.of()), tmp.resolve("b"),
        Progress.NONE);
    JsonNode config = JSON.readTree(image.configBytes());
    List<String> keys = new ArrayList<>();
    config.path("config").fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrder("Entrypoint", "User");
    assertThat(config.has("variant")).isFalse();
    assertThat(image.config().mediaType()).isEqualTo(MediaTypes.OCI_CONFIG);
    assertThat(JSON.readTree(image.manifestBytes()).has("annotations")).isFalse();
  }

  @Test
  void everySetValueReachesTheConfigAndAVariantTheIndex() throws IOException {
    ContainerConfig full = new ContainerConfig(List.of("/app"), List.of("-v"), List.of("A=1"),
        new TreeMap<>(Map.of("k", "v")), new TreeSet<>(List.of("80/tcp")), "1:1", "/work");
    Platform arm = new Platform("linux", "arm", "v7");
    ImagePlan plan = new ImagePlan(arm, List.of(appLayer(binary())), full, CREATED,
        new TreeMap<>(Map.of("a", "b")), ImageFormat.DOCKER, List.of());
    BuiltImage image = ImageAssembler.assemble(plan, tmp.resolve("b"), Progress.NONE);
    JsonNode config = JSON.readTree(image.configBytes());
    assertThat(config.path("config").path("Cmd").get(0).asText()).isEqualTo("-v");
    assertThat(config.path("config").path("Env").get(0).asText()).isEqualTo("A=1");
    assertThat(config.path("config").path("Labels").path("k").asText()).isEqualTo("v");
    assertThat(config.path("config").path("WorkingDir").asText()).isEqualTo("/work");
    assertThat(config.path("variant").asText()).isEqualTo("v7");
    assertThat(config.path("history").get(0).path("created_by").asText())
        .isEqualTo("slim: binary /app");
    assertThat(image.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(JSON.readTree(image.manifestBytes()).has("annotations"))
        .as("Docker manifests have none").isFalse();

    BuiltIndex index = ImageAssembler.index(List.of(image), ImageFormat.DOCKER);
    JsonNode list = JSON.readTree(index.bytes());
    assertThat(index.descriptor().mediaType()).isEqualTo(MediaTypes.DOCKER_LIST);
    assertThat(list.path("manifests").get(0).path("platform").path("variant").asText())
        .isEqualTo("v7");
    assertThat(list.path("manifests").get(0).path("digest").asText()).isEqualTo(image.digest());
    assertThat(index.digest()).isEqualTo(dev.slim.oci.Digests.sha256(index.bytes()));
    assertThat(ImageAssembler.index(List.of(image), ImageFormat.OCI).descriptor().mediaType())
        .isEqualTo(MediaTypes.OCI_INDEX);
  }

  @Test
  void baseLayersStayRemoteAndKeepANonGzipType() throws IOException {
    List<BaseLayer> base = List.of(
        new BaseLayer(MediaTypes.DOCKER_LAYER, DIGEST, 10, DIGEST, "r/base", "base layer 1"),
        new BaseLayer("application/vnd.oci.image.layer.v1.tar+zstd", DIGEST, 11, DIGEST,
            "r/base", "base layer 2"));
    BuiltImage image = ImageAssembler.assemble(plan(Platform.linux("amd64"),
        List.of(appLayer(binary())), bare(), ImageFormat.OCI, base), tmp.resolve("b"),
        Progress.NONE);
    assertThat(image.layers()).hasSize(3);
    BuiltLayer first = image.layers().get(0);
    assertThat(first).isInstanceOf(BuiltLayer.RemoteBase.class);
    assertThat(first.blob().mediaType()).as("gzip under the image's format")
        .isEqualTo(MediaTypes.OCI_LAYER);
    assertThat(image.layers().get(1).blob().mediaType())
        .isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
    assertThat(first.fromBase()).isTrue();
    assertThat(first.local()).isEmpty();
    assertThat(first.uncompressed()).isEmpty();
    assertThat(JSON.readTree(image.configBytes()).path("history").get(0).path("created_by")
        .asText()).isEqualTo("base: base layer 1");
    assertThat(image.compressedSize()).isEqualTo(image.config().size() + 10 + 11
        + image.layers().get(2).blob().size());

    BuiltLayer.DownloadedBase downloaded = ((BuiltLayer.RemoteBase) first)
        .downloadedTo(tmp.resolve("blob"));
    assertThat(downloaded.local()).contains(tmp.resolve("blob"));
    assertThat(downloaded.fromBase()).isTrue();
    assertThat(downloaded.uncompressed()).isEmpty();
    assertThat(downloaded.blob()).isEqualTo(first.blob());
    BuiltLayer own = image.layers().get(2);
    assertThat(own.uncompressed()).isPresent();
    assertThat(image.uncompressedSize()).isEqualTo(image.config().size()
        + own.uncompressed().getAsLong());
  }

  @Test
  void aLayerPlannedAlikeForTwoImagesIsCompressedOnce() throws IOException {
    LayerPlan shared = appLayer(binary());
    List<String> steps = new ArrayList<>();
    List<BuiltImage> images = ImageAssembler.assembleAll(List.of(
        plan(Platform.linux("amd64"), List.of(shared), bare(), ImageFormat.OCI, List.of()),
        plan(Platform.linux("arm64"), List.of(shared), bare(), ImageFormat.OCI, List.of())),
        tmp.resolve("b"), (step, done, total) -> steps.add(step));
    assertThat(images.get(0).layers().get(0)).isSameAs(images.get(1).layers().get(0));
    assertThat(steps.stream().distinct()).containsExactly("compressing binary /app");
    assertThat(steps).hasSize(1);
  }

  @Test
  void progressTotalsTheLayersFilesAndHeaders() throws IOException {
    Path file = binary();
    LayerPlan layer = new LayerPlan("l", List.of(LayerEntry.directory("/d", 0755, 0, 0),
        LayerEntry.file("/d/f", file, 0644, 0, 0)));
    List<Long> totals = new ArrayList<>();
    ImageAssembler.assemble(plan(Platform.linux("amd64"), List.of(layer), bare(), ImageFormat.OCI,
        List.of()), tmp.resolve("b"), (step, done, total) -> totals.add(total));
    assertThat(totals).containsOnly(512 + Files.size(file) + 1024);
  }

  @Test
  void theBuildsOfARunShareTheStaticBaseLayerThroughTheCache() throws Exception {
    LayerPlan base = new LayerPlan("base files", List.of(LayerEntry.directory("/etc", 0755, 0, 0)),
        true);
    LayerCache cache = new LayerCache(tmp.resolve("run"));
    BuiltImage a = ImageAssembler.assembleAll(List.of(plan(Platform.linux("amd64"),
        List.of(base, appLayer(binary())), bare(), ImageFormat.OCI, List.of())),
        tmp.resolve("a"), Progress.NONE, cache, LayerSink.NONE).get(0);
    BuiltImage b = ImageAssembler.assembleAll(List.of(plan(Platform.linux("amd64"),
        List.of(base, appLayer(binary())), bare(), ImageFormat.OCI, List.of())),
        tmp.resolve("b"), Progress.NONE, cache, LayerSink.NONE).get(0);
    assertThat(a.layers().get(0)).isSameAs(b.layers().get(0));
    assertThat(a.layers().get(0).local().orElseThrow().getParent()).isEqualTo(tmp.resolve("run"));
    assertThat(a.layers().get(0).fromBase()).isTrue();
    assertThat(JSON.readTree(a.configBytes()).path("history").get(0).path("created").asText())
        .isEqualTo("2023-11-14T22:13:20Z");
  }

  @Test
  void theCacheKeepsABaseLayerPerCompressionLevel() throws Exception {
    Path zones = Files.writeString(tmp.resolve("zones"), "Europe/Berlin CET-1CEST\n".repeat(4000));
    LayerPlan base = new LayerPlan("base files", List.of(LayerEntry.file("/etc/zones", zones,
        0644, 0, 0)), true);
    LayerCache cache = new LayerCache(tmp.resolve("run"));
    BuiltLayer fast = ImageAssembler.assembleAll(List.of(plan(List.of(base, appLayer(binary())),
        1)), tmp.resolve("a"), Progress.NONE, cache, LayerSink.NONE).get(0).layers().get(0);
    BuiltLayer six = ImageAssembler.assembleAll(List.of(plan(List.of(base, appLayer(binary())),
        6)), tmp.resolve("b"), Progress.NONE, cache, LayerSink.NONE).get(0).layers().get(0);
    BuiltLayer fastAgain = ImageAssembler.assembleAll(List.of(plan(List.of(base,
        appLayer(binary())), 1)), tmp.resolve("c"), Progress.NONE, cache, LayerSink.NONE).get(0)
        .layers().get(0);
    BuiltLayer sixAlone = ImageAssembler.assemble(plan(List.of(base, appLayer(binary())), 6),
        tmp.resolve("d"), Progress.NONE).layers().get(0);

    assertThat(six.blob().digest()).isNotEqualTo(fast.blob().digest());
    assertThat(six.blob()).as("as a build of its own gives it").isEqualTo(sixAlone.blob());
    assertThat(fastAgain).as("the same level is shared").isSameAs(fast);
  }

  @Test
  void twoImagesOfOneBuildAtTwoLevelsShareNoLayer() throws IOException {
    LayerPlan shared = appLayer(binary());
    List<BuiltImage> images = ImageAssembler.assembleAll(List.of(plan(List.of(shared), 1),
        plan(List.of(shared), 9)), tmp.resolve("b"), Progress.NONE);
    assertThat(images.get(0).layers().get(0).blob().digest())
        .isNotEqualTo(images.get(1).layers().get(0).blob().digest());
  }

  @Test
  void theSinkGetsEachOwnLayerAndItsDescriptor() throws IOException {
    List<Descriptor> finished = new ArrayList<>();
    long[] bytes = {0};
    LayerSink sink = inputBytes -> new LayerSink.Stream() {
      @Override
      public void accept(byte[] b) {
        bytes[0] += b.length;
      }

      @Override
      public void finish(Descriptor blob) {
        finished.add(blob);
      }

      @Override
      public void abort() {
        throw new AssertionError("nothing failed");
      }
    };
    BuiltImage image = ImageAssembler.assembleAll(List.of(plan(Platform.linux("amd64"),
        List.of(appLayer(binary())), bare(), ImageFormat.OCI, List.of())), tmp.resolve("b"),
        Progress.NONE, null, sink).get(0);
    assertThat(finished).containsExactly(image.layers().get(0).blob());
    assertThat(bytes[0]).isEqualTo(image.layers().get(0).blob().size());
  }

  @Test
  void aFailedLayerAbortsTheSinkAndLeavesNoPartialFile() throws IOException {
    AtomicInteger aborted = new AtomicInteger();
    LayerSink sink = inputBytes -> new LayerSink.Stream() {
      @Override
      public void accept(byte[] b) {
        if (b.length > 10) {
          throw new IllegalStateException("sink broke");
        }
      }

      @Override
      public void finish(Descriptor blob) {}

      @Override
      public void abort() {
        aborted.incrementAndGet();
      }
    };
    Path blobs = tmp.resolve("b");
    assertThatThrownBy(() -> ImageAssembler.assembleAll(List.of(plan(Platform.linux("amd64"),
        List.of(appLayer(binary())), bare(), ImageFormat.OCI, List.of())), blobs,
        Progress.NONE, null, sink)).hasMessage("sink broke");
    assertThat(aborted).hasValue(1);
    try (Stream<Path> left = Files.list(blobs)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aSharedLayerIsWrittenOnceWhileOthersWaitAndAgainAfterAFailure() throws Exception {
    LayerCache cache = new LayerCache(tmp.resolve("cache"));
    BuiltLayer layer = new BuiltLayer.Built(new Descriptor(MediaTypes.OCI_LAYER, DIGEST, 1),
        DIGEST, 1, "l", tmp.resolve("cache/x"), true);
    AtomicInteger writes = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      Future<BuiltLayer> first = two.submit(() -> cache.get("k", dir -> {
        writes.incrementAndGet();
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        return layer;
      }));
      started.await();
      Future<BuiltLayer> second = two.submit(() -> cache.get("k", dir -> {
        writes.incrementAndGet();
        return null;
      }));
      release.countDown();
      assertThat(first.get()).isSameAs(layer);
      assertThat(second.get()).isSameAs(layer);
      assertThat(writes).hasValue(1);
    } finally {
      two.shutdownNow();
    }
    assertThatThrownBy(() -> cache.get("bad", dir -> {
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(cache.get("bad", dir -> layer)).as("a failure is not kept").isSameAs(layer);
  }

  @Test
  void tarEntryTypesAndSizes() {
    for (char file : new char[] {'0', '\0', '7'}) {
      assertThat(new TarEntry("f", file, 1, null).isFile()).isTrue();
    }
    assertThat(new TarEntry("d/", '5', 0, null).isFile()).isFalse();
    assertThat(new TarEntry("l", '2', 0, "t").isFile()).isFalse();
    assertThat(new TarEntry("l", '2', 0, "t").isSymlink()).isTrue();
    assertThat(new TarEntry("f", '0', 0, null).isSymlink()).isFalse();
    assertThat(new TarEntry("f", '0', 0, null).linkName()).isEmpty();
    assertThatThrownBy(() -> new TarEntry("f", '0', -1, null))
        .hasMessage("negative size -1 for f");
    assertThat(new BuiltLayer.Built(new Descriptor(MediaTypes.OCI_LAYER, DIGEST, 1), DIGEST, 0,
        "empty", tmp).uncompressed()).hasValue(0);
    assertThatThrownBy(() -> new BuiltLayer.Built(new Descriptor(MediaTypes.OCI_LAYER, DIGEST, 1),
        DIGEST, -1, "x", tmp)).hasMessage("negative uncompressed size -1");
  }
}
