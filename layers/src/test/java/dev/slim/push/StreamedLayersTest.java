package dev.slim.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltLayer;
import dev.slim.image.LayerSink;
import dev.slim.image.Progress;
import dev.slim.registry.ImageRef;
import dev.slim.registry.RegistryClient;
import dev.slim.testing.FaultProxy;
import dev.slim.testing.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers sent to the real registry while they are compressed: a streamed layer is not sent again,
 * one the registry had is reused, and a stream that was aborted or failed leaves the layer to the
 * usual upload from its file.
 */
@Timeout(120)
class StreamedLayersTest {

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir Path dir;

  private final List<String> done = new CopyOnWriteArrayList<>();
  private final Progress progress = new Progress() {
    @Override
    public void update(String step, long bytes, long total) {}

    @Override
    public void done(String step) {
      done.add(step);
    }
  };

  private static Publisher publisher(String host, String repoAndTag) {
    return Publisher.registry(ImageRef.parse(host + "/" + repoAndTag),
        RegistryPublisherTest.sessions());
  }

  /** Sends the layer's bytes through the sink in three writes, as the compressor would. */
  private static void stream(LayerSink sink, BuiltLayer layer) throws Exception {
    LayerSink.Stream stream = sink.open(StreamedLayers.MIN_BYTES);
    assertThat(stream).isNotNull();
    byte[] bytes = Files.readAllBytes(layer.local().orElseThrow());
    int third = bytes.length / 3;
    stream.accept(Arrays.copyOfRange(bytes, 0, third));
    stream.accept(Arrays.copyOfRange(bytes, third, 2 * third));
    stream.accept(Arrays.copyOfRange(bytes, 2 * third, bytes.length));
    stream.finish(layer.blob());
  }

  @Test
  void onlyLayersOfAtLeastTheThresholdAreStreamed() throws Exception {
    LayerSink sink = publisher(REGISTRY.host(), "stream/small:1").layerSink();

    assertThat(sink.open(StreamedLayers.MIN_BYTES - 1)).isNull();
    assertThat(sink.open(0)).isNull();
    LayerSink.Stream large = sink.open(StreamedLayers.MIN_BYTES);
    assertThat(large).isNotNull();
    large.abort();
  }

  @Test
  void aStreamedLayerIsNotUploadedAgainFromItsFile() throws Exception {
    BuiltLayer.Built layer = TestImages.built(dir, "streamed ".repeat(1000));
    BuiltImage image = TestImages.image("amd64", List.of(layer));
    Publisher publisher = publisher(REGISTRY.host(), "stream/sent:1");
    stream(publisher.layerSink(), layer);
    // The file is gone: an upload from it would fail the push.
    Files.delete(layer.file());

    Published published = publisher.publish(List.of(image), null, progress);

    assertThat(published.statuses().get(layer.blob().digest())).isEqualTo(BlobStatus.UPLOADED);
    assertThat(done).contains("uploaded " + layer.blob().digest().substring(0, 19));
    RegistryClient client = RegistryPublisherTest.sessions().client(REGISTRY.host());
    assertThat(new String(client.getBlob("stream/sent", layer.blob().digest()),
        StandardCharsets.UTF_8)).isEqualTo("streamed ".repeat(1000));
  }

  @Test
  void theSinkIsTheSameForEveryLayerOfThePush() throws Exception {
    BuiltLayer.Built layer = TestImages.built(dir, "one sink ".repeat(500));
    BuiltImage image = TestImages.image("amd64", List.of(layer));
    Publisher publisher = publisher(REGISTRY.host(), "stream/onesink:1");
    stream(publisher.layerSink(), layer);
    Files.delete(layer.file());

    assertThat(publisher.layerSink()).isSameAs(publisher.layerSink());
    assertThat(publisher.publish(List.of(image), null, progress).statuses()
        .get(layer.blob().digest())).isEqualTo(BlobStatus.UPLOADED);
  }

  @Test
  void aStreamedLayerTheRegistryHadIsReportedReused() throws Exception {
    BuiltLayer.Built layer = TestImages.built(dir, "already there ".repeat(700));
    BuiltImage image = TestImages.image("amd64", List.of(layer));
    publisher(REGISTRY.host(), "stream/had:1").publish(List.of(image), null, Progress.NONE);
    Publisher again = publisher(REGISTRY.host(), "stream/had:2");
    stream(again.layerSink(), layer);
    Files.delete(layer.file());

    Published published = again.publish(List.of(image), null, progress);

    assertThat(published.statuses().get(layer.blob().digest())).isEqualTo(BlobStatus.REUSED);
    assertThat(done).contains("reused " + layer.blob().digest().substring(0, 19)
        + " (the registry has it)");
  }

  @Test
  void anAbortedStreamLeavesTheLayerToTheUploadFromItsFile() throws Exception {
    BuiltLayer.Built layer = TestImages.built(dir, "aborted ".repeat(800));
    BuiltImage image = TestImages.image("amd64", List.of(layer));
    Publisher publisher = publisher(REGISTRY.host(), "stream/aborted:1");
    LayerSink.Stream stream = publisher.layerSink().open(StreamedLayers.MIN_BYTES);
    stream.accept("aborted ".getBytes(StandardCharsets.UTF_8));
    stream.abort();

    Published published = publisher.publish(List.of(image), null, progress);

    assertThat(published.statuses().get(layer.blob().digest())).isEqualTo(BlobStatus.UPLOADED);
    RegistryClient client = RegistryPublisherTest.sessions().client(REGISTRY.host());
    assertThat(client.getManifest("stream/aborted", "1").orElseThrow().digest())
        .isEqualTo(image.digest());
  }

  @Test
  void aStreamTheRegistryRefusedLeavesTheLayerToTheUploadFromItsFile() throws Exception {
    BuiltLayer.Built layer = TestImages.built(dir, "refused stream ".repeat(600));
    BuiltImage image = TestImages.image("amd64", List.of(layer));
    try (FaultProxy proxy = FaultProxy.start(REGISTRY.server().port())) {
      proxy.on("PATCH", "/v2/stream/refused/blobs/uploads/.+", FaultProxy.EVERY,
          FaultProxy.registryError(400, "BLOB_UPLOAD_INVALID", "blob upload invalid"));
      Publisher publisher = publisher(proxy.host(), "stream/refused:1");
      stream(publisher.layerSink(), layer);

      Published published = publisher.publish(List.of(image), null, progress);

      assertThat(published.statuses().get(layer.blob().digest()))
          .isEqualTo(BlobStatus.UPLOADED);
      assertThat(proxy.count("HEAD", "/v2/stream/refused/blobs/" + layer.blob().digest()))
          .isGreaterThanOrEqualTo(1);
      RegistryClient client = RegistryPublisherTest.sessions().client(REGISTRY.host());
      assertThat(client.blobSize("stream/refused", layer.blob().digest()))
          .contains(layer.blob().size());
    }
  }
}
