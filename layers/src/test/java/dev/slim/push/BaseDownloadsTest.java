package dev.slim.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.files.OutputFile;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltIndex;
import dev.slim.image.BuiltLayer;
import dev.slim.image.ForeignTar;
import dev.slim.image.Progress;
import dev.slim.image.TarEntry;
import dev.slim.registry.RegistryClient;
import dev.slim.testing.FaultProxy;
import dev.slim.testing.QuirkProxy;
import dev.slim.testing.RegistryExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base layers downloaded from the real registry for a local archive: checked against their
 * digest, fetched once per folder, and the archive the archive publisher writes from them.
 */
@Timeout(120)
class BaseDownloadsTest {

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir Path dir;

  private final List<String> said = new CopyOnWriteArrayList<>();
  private final Progress progress = (step, done, total) -> said.add(step);
  private RegistryClient client;
  private Path downloads;

  @BeforeEach
  void setUp() throws Exception {
    client = RegistryPublisherTest.sessions().client(REGISTRY.host());
    downloads = Files.createDirectory(dir.resolve("downloads"));
  }

  private BaseDownloads downloads() {
    return new BaseDownloads(RegistryPublisherTest.sessions(), downloads);
  }

  /** Every file in the tar, by name, with its bytes. */
  private static Map<String, byte[]> entries(Path tar) throws Exception {
    Map<String, byte[]> files = new HashMap<>();
    try (InputStream in = Files.newInputStream(tar); ForeignTar reader = ForeignTar.stream(in)) {
      for (TarEntry e = reader.next(); e != null; e = reader.next()) {
        if (e.isFile()) {
          files.put(e.name(), reader.content().readAllBytes());
        }
      }
    }
    return files;
  }

  @Test
  void aBaseLayerIsDownloadedOnceAndCheckedAgainstItsDigest() throws Exception {
    try (FaultProxy base = FaultProxy.start(REGISTRY.server().port())) {
      BuiltLayer remote = TestImages.remote(client, base.host(), "library/dl", "base to download");
      BuiltLayer own = TestImages.built(dir, "own layer");
      BuiltImage image = TestImages.image("amd64", List.of(remote, own));

      BuiltImage local = downloads().download(image, progress);
      BuiltImage again = downloads().download(image, Progress.NONE);

      BuiltLayer downloaded = local.layers().get(0);
      assertThat(downloaded).isInstanceOf(BuiltLayer.DownloadedBase.class);
      assertThat(Files.readString(downloaded.local().orElseThrow()))
          .isEqualTo("base to download");
      assertThat(local.layers().get(1)).isEqualTo(own);
      assertThat(local.digest()).isEqualTo(image.digest());
      assertThat(again.layers().get(0).local()).isEqualTo(downloaded.local());
      assertThat(base.count("GET", "/v2/library/dl/blobs/.+")).isEqualTo(1);
      assertThat(said).containsExactly("downloading " + remote.blob().digest().substring(0, 19));
      try (Stream<Path> files = Files.list(downloads)) {
        assertThat(files).containsExactly(downloads.resolve(remote.blob().hex()));
      }
    }
  }

  @Test
  void aBaseLayerWhoseBytesDoNotHashToItsDigestIsRefusedAndNotKept() throws Exception {
    try (QuirkProxy base = QuirkProxy.start(REGISTRY.server().port())) {
      BuiltLayer remote = TestImages.remote(client, base.host(), "library/bad", "honest bytes");
      base.on("GET", "/v2/library/bad/blobs/.+",
          r -> new QuirkProxy.Reply(200, Map.of(), "other bytes"));
      BuiltImage image = TestImages.image("amd64", List.of(remote));

      assertThatThrownBy(() -> downloads().download(image, progress))
          .isInstanceOf(SlimException.class)
          .hasMessage("registry " + base.host() + " sent base layer " + remote.blob().digest()
              + " whose bytes hash to " + TestImages.descriptor("other bytes").digest());
      try (Stream<Path> files = Files.list(downloads)) {
        assertThat(files).isEmpty();
      }
    }
  }

  @Test
  void aBaseLayerTheRegistryLacksFailsTheDownload() throws Exception {
    BuiltLayer.RemoteBase missing = new BuiltLayer.RemoteBase(
        TestImages.descriptor("never pushed"), TestImages.descriptor("never pushed").digest(),
        "missing", REGISTRY.host() + "/library/none");
    BuiltImage image = TestImages.image("amd64", List.of(missing));

    assertThatThrownBy(() -> downloads().download(image, progress))
        .isInstanceOf(SlimException.class)
        .satisfies(e -> assertThat(((SlimException) e).reason())
            .isEqualTo(SlimException.Reason.REGISTRY))
        .hasMessageContaining("library/none");
  }

  @Test
  void theArchivePublisherWritesTheImageWithItsBaseLayerUnderEveryName() throws Exception {
    BuiltLayer remote = TestImages.remote(client, REGISTRY.host(), "library/arc", "archived base");
    BuiltLayer own = TestImages.built(dir, "archived app");
    BuiltImage image = TestImages.image("amd64", List.of(remote, own));
    Path tar = dir.resolve("app.tar");
    Publisher publisher = Publisher.archive(OutputFile.of("--output", tar),
        List.of("example.com/app:1", "example.com/app:latest"), List.of("1", "latest"),
        "app.tar", downloads());

    Published published = publisher.publish(List.of(image), null, progress);

    assertThat(published.reference()).isEqualTo("example.com/app:1");
    assertThat(published.references())
        .containsExactly("example.com/app:1", "example.com/app:latest");
    assertThat(published.archive()).isEqualTo("app.tar");
    assertThat(published.printed()).isEqualTo("app.tar");
    assertThat(published.inRegistry()).isFalse();
    assertThat(published.status(own.blob().digest())).isEqualTo("written");
    Map<String, byte[]> files = entries(tar);
    assertThat(new String(files.get("blobs/sha256/" + remote.blob().hex()),
        StandardCharsets.UTF_8)).isEqualTo("archived base");
    assertThat(files.get("blobs/sha256/" + image.manifest().hex()))
        .isEqualTo(image.manifestBytes());
    assertThat(new String(files.get("index.json"), StandardCharsets.UTF_8))
        .contains(image.digest(), "\"latest\"", "example.com/app:latest");
    assertThat(new String(files.get("manifest.json"), StandardCharsets.UTF_8))
        .contains("example.com/app:1", "example.com/app:latest");
  }

  @Test
  void anArchiveOfSeveralImagesPointsToTheirIndex() throws Exception {
    BuiltImage amd = TestImages.image("amd64", List.of(TestImages.built(dir, "amd app")));
    BuiltImage arm = TestImages.image("arm64", List.of(TestImages.built(dir, "arm app")));
    BuiltIndex index = TestImages.index(List.of(amd, arm));
    Path tar = dir.resolve("multi.tar");

    Published published = Publisher.archive(OutputFile.of("--output", tar), "example.com/m:1",
        "1", tar.toString(), downloads()).publish(List.of(amd, arm), index, progress);

    assertThat(published.printed()).isEqualTo(tar.toString());
    Map<String, byte[]> files = entries(tar);
    assertThat(new String(files.get("index.json"), StandardCharsets.UTF_8))
        .contains(index.digest());
    assertThat(files).containsKeys("blobs/sha256/" + amd.manifest().hex(),
        "blobs/sha256/" + arm.manifest().hex(), "blobs/sha256/" + index.descriptor().hex());
  }

  @Test
  void aSkippedArchiveIsNotWritten() throws Exception {
    BuiltImage image = TestImages.image("amd64", List.of(TestImages.built(dir, "gated")));
    Path tar = dir.resolve("gated.tar");

    Published published = Publisher.archive(OutputFile.of("--output", tar), "example.com/g:1",
        "1", "gated.tar", downloads()).skip(List.of(image), null);

    assertThat(published.status(image.config().digest())).isEqualTo("skipped");
    assertThat(published.reference()).isEqualTo("example.com/g:1");
    assertThat(published.printed()).isEqualTo("gated.tar");
    assertThat(tar).doesNotExist();
  }

  @Test
  void everyNameNeedsItsTag() throws Exception {
    OutputFile file = OutputFile.of("--output", dir.resolve("x.tar"));

    assertThatThrownBy(() -> Publisher.archive(file, List.of("a:1", "a:2"), List.of("1"), "x",
        downloads())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Publisher.archive(file, List.of(), List.of(), "x", downloads()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
