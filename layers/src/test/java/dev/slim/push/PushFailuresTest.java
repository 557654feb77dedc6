package dev.slim.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.files.OutputFile;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a push to the real registry fails when a blob's upload cannot even start (the base's
 * registry has no session, its name is not a reference, it lacks the layer), when the index's
 * digest is not what was pushed, and when the pushing thread is interrupted.
 */
@Timeout(120)
class PushFailuresTest {

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir Path dir;

  private Publisher publisher(Sessions sessions, String repoAndTag) {
    return Publisher.registry(ImageRef.parse(REGISTRY.host() + "/" + repoAndTag), sessions);
  }

  private RegistryClient client() throws Exception {
    return RegistryPublisherTest.sessions().client(REGISTRY.host());
  }

  @Test
  void anIndexWhoseDigestIsNotItsBytesIsRefusedAfterThePut() throws Exception {
    BuiltImage amd = TestImages.image("amd64", List.of(TestImages.built(dir, "idx amd")));
    BuiltImage arm = TestImages.image("arm64", List.of(TestImages.built(dir, "idx arm")));
    BuiltIndex real = TestImages.index(List.of(amd, arm));
    Descriptor wrong = new Descriptor(real.descriptor().mediaType(), "sha256:" + "2".repeat(64),
        real.descriptor().size());
    BuiltIndex index = new BuiltIndex(wrong, real.bytes(), real.images());

    assertThatThrownBy(() -> publisher(RegistryPublisherTest.sessions(), "fail/index:1")
        .publish(List.of(amd, arm), index, Progress.NONE))
        .isInstanceOf(SlimException.class)
        .hasMessage("registry " + REGISTRY.host() + " stored the manifest under "
            + real.digest() + ", not " + wrong.digest());
  }

  @Test
  void aBaseRegistryWhoseCredentialsCannotBeReadFailsThePushSayingSo() throws Exception {
    try (FaultProxy base = FaultProxy.start(REGISTRY.server().port())) {
      BuiltLayer remote = TestImages.remote(client(), base.host(), "library/locked", "locked");
      Path config = Files.createDirectories(dir.resolve("docker"));
      Files.writeString(config.resolve("config.json"), "{\"credHelpers\":{\"" + base.host()
          + "\":\"slim-test-no-such-helper\"}}");
      Sessions sessions = Sessions.forAll(new RegistryAccess(null, null, Set.of(),
          Map.of("DOCKER_CONFIG", config.toString(), "PATH", dir.toString(),
              "HOME", dir.toString())), "slim-test");

      assertThatThrownBy(() -> publisher(sessions, "fail/locked:1")
          .publish(List.of(TestImages.image("amd64", List.of(remote))), null, Progress.NONE))
          .isInstanceOf(SlimException.class)
          .hasMessageContaining("slim-test-no-such-helper")
          .satisfies(e -> assertThat(((SlimException) e).reason())
              .isEqualTo(SlimException.Reason.REGISTRY));
      assertThat(base.count("GET", "/v2/library/locked/blobs/.+")).isZero();
    }
  }

  @Test
  void aBaseLayerItsRegistryLacksFailsThePushNamingTheLayer() throws Exception {
    try (FaultProxy base = FaultProxy.start(REGISTRY.server().port())) {
      Descriptor blob = TestImages.descriptor("never in the base");
      BuiltLayer missing = new BuiltLayer.RemoteBase(blob, blob.digest(), "missing",
          base.host() + "/library/empty");

      assertThatThrownBy(() -> publisher(RegistryPublisherTest.sessions(), "fail/nobase:1")
          .publish(List.of(TestImages.image("amd64", List.of(missing))), null, Progress.NONE))
          .isInstanceOf(SlimException.class)
          .hasMessageContaining(blob.digest());
      assertThat(client().getManifest("fail/nobase", "1")).isEmpty();
    }
  }

  @Test
  void aBaseSourceThatIsNotAReferenceIsAProgrammingErrorNotARegistryOne() throws Exception {
    Descriptor blob = TestImages.descriptor("unnamed base");
    BuiltLayer bad = new BuiltLayer.RemoteBase(blob, blob.digest(), "bad", "Not A//Reference");

    assertThatThrownBy(() -> publisher(RegistryPublisherTest.sessions(), "fail/badsource:1")
        .publish(List.of(TestImages.image("amd64", List.of(bad))), null, Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInterruptedPushStopsAndKeepsTheInterrupt() throws Exception {
    BuiltImage image = TestImages.image("amd64", List.of(TestImages.built(dir, "interrupted")));
    Publisher publisher = publisher(RegistryPublisherTest.sessions(), "fail/interrupted:1");

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> publisher.publish(List.of(image), null, Progress.NONE))
          .isInstanceOf(SlimException.class)
          .hasMessage("push to " + REGISTRY.host() + " failed: interrupted while uploading");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(client().getManifest("fail/interrupted", "1")).isEmpty();
  }

  @Test
  void anArchiveStreamsNoLayer() throws Exception {
    Publisher archive = Publisher.archive(OutputFile.of("--output",
        dir.resolve("a.tar")), "a:1", "1", "a.tar", new BaseDownloads(
        RegistryPublisherTest.sessions(), dir));

    assertThat(archive.layerSink().open(Long.MAX_VALUE)).isNull();
  }
}
