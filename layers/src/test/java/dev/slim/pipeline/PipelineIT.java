package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.files.OutputFile;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltLayer;
import dev.slim.image.ImageAssembler;
import dev.slim.image.Progress;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.oci.Platform;
import dev.slim.plan.BaseImage;
import dev.slim.plan.Planner;
import dev.slim.plan.PlanRequest;
import dev.slim.push.BaseDownloads;
import dev.slim.push.Baseline;
import dev.slim.push.Baselines;
import dev.slim.push.BlobStatus;
import dev.slim.push.Published;
import dev.slim.push.Publisher;
import dev.slim.push.Referrers;
import dev.slim.registry.ImageRef;
import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryAccess;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import dev.slim.registry.Sessions;
import dev.slim.testing.ImageCheck;
import dev.slim.testing.RegistryExtension;
import dev.slim.testing.RegistryServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push pipeline's own steps (publishers, base resolution, baselines, referrers over one
 * session) against Debian's docker-registry, without the CLI.
 */
@Timeout(120)
class PipelineIT {

  private static final Instant CREATED = Instant.parse("2024-05-01T12:00:00Z");
  private static final RegistryAccess ANONYMOUS =
      new RegistryAccess(null, null, Set.of(), Map.of());

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  @TempDir Path tmp;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private BuiltImage build(String fixture, BaseImage base) throws Exception {
    Inspection binary = Inspector.inspect(fixture(fixture));
    Path blobs = Files.createDirectories(tmp.resolve("blobs"));
    return ImageAssembler.assemble(Planner.plan(binary,
        PlanRequest.builder().created(CREATED).build(), base), blobs, Progress.NONE);
  }

  private Sessions sessions() {
    return Sessions.forTarget(ANONYMOUS, registry.host(), "slim-test");
  }

  /** Extracts an archive slim wrote and checks the OCI layout in it. */
  private static void checkArchive(Path archive, Path into) throws Exception {
    ImageCheck.unpack(archive, into);
    ImageCheck.checkLayout(into, null);
  }

  private Published pushed(BuiltImage image, String ref, Sessions sessions) throws Exception {
    return Publisher.registry(ImageRef.parse(ref), sessions).publish(List.of(image), null,
        Progress.NONE);
  }

  @Test
  void archivePublisherWritesAnArchiveThatReadsBackAsTheImage() throws Exception {
    BuiltImage image = build("c-musl-static", BaseImage.scratch());
    Path archive = tmp.resolve("app.tar");
    Sessions sessions = sessions();
    Published published = Publisher.archive(OutputFile.of("--output", archive), "app", "1",
        archive.toString(), new BaseDownloads(sessions, tmp.resolve("blobs")))
        .publish(List.of(image), null, Progress.NONE);

    assertThat(published.archive()).isEqualTo(archive.toString());
    assertThat(published.printed()).isEqualTo(archive.toString());
    assertThat(published.status(image.config().digest())).isEqualTo("written");
    checkArchive(archive, Files.createDirectories(tmp.resolve("layout")));
    byte[] manifest = Files.readAllBytes(tmp.resolve("layout/blobs/sha256")
        .resolve(image.digest().substring(7)));
    assertThat(ImageCheck.sha256(manifest)).isEqualTo(image.digest());
    assertThat(sessions.requestCount()).as("a scratch image needs no registry").isZero();
  }

  @Test
  void aBaselineFromAnArchiveIsTheImageSizeConfigAndCompressedLayers() throws Exception {
    BuiltImage image = build("go-hello-linux-amd64", BaseImage.scratch());
    Path archive = tmp.resolve("baseline.tar");
    Publisher.archive(OutputFile.of("--output", archive), "app", "1", archive.toString(),
        new BaseDownloads(sessions(), tmp.resolve("blobs")))
        .publish(List.of(image), null, Progress.NONE);

    Baseline.Lookup found = Baselines.fromArchive(archive, image.platform());
    assertThat(found.found()).isNotNull();
    assertThat(found.found().compressedSize()).isEqualTo(image.compressedSize());
  }

  @Test
  void registryPublisherPushesAnImageAndASecondPushReusesEveryBlob() throws Exception {
    BuiltImage image = build("c-musl-static", BaseImage.scratch());
    Sessions sessions = sessions();
    Published first = pushed(image, registry.host() + "/pipeline/app:1", sessions);
    assertThat(first.reference())
        .isEqualTo(registry.host() + "/pipeline/app:1@" + image.digest());
    assertThat(first.statuses()).hasSize(image.layers().size() + 1)
        .allSatisfy((digest, status) -> assertThat(status).isEqualTo(BlobStatus.UPLOADED));

    RegistryClient reader = RegistryClient.builder(registry.host()).build();
    Manifest stored = reader.getManifest("pipeline/app", "1").orElseThrow();
    assertThat(stored.digest()).isEqualTo(image.digest());
    ImageCheck.check(image.manifestBytes(), image.digest(),
        d -> {
          try {
            return reader.getBlob("pipeline/app", d);
          } catch (RegistryException e) {
            throw new IOException(e.getMessage(), e);
          }
        }, null);

    Published second = pushed(image, registry.host() + "/pipeline/app:2", sessions);
    assertThat(second.statuses()).hasSize(image.layers().size() + 1)
        .allSatisfy((digest, status) -> assertThat(status).isEqualTo(BlobStatus.REUSED));
    assertThat(sessions.count()).as("one session for the one registry").isEqualTo(1);
  }

  @Test
  void furtherTagsGetTheSameManifestWithOnePutEachAndNoBlobSentAgain() throws Exception {
    BuiltImage image = build("c-musl-static", BaseImage.scratch());
    Sessions one = sessions();
    pushed(image, registry.host() + "/pipeline/onetag:a", one);
    Sessions several = sessions();
    Published published = Publisher.registry(ImageRef.parse(registry.host() + "/pipeline/tags:a"),
        List.of("b", "c"), several).publish(List.of(image), null, Progress.NONE);

    String repo = registry.host() + "/pipeline/tags";
    assertThat(published.references()).containsExactly(repo + ":a@" + image.digest(),
        repo + ":b@" + image.digest(), repo + ":c@" + image.digest());
    assertThat(published.reference()).isEqualTo(published.references().get(0));
    assertThat(published.printed()).isEqualTo(String.join("\n", published.references()));
    assertThat(several.requestCount()).as("one manifest PUT per further tag, nothing else")
        .isEqualTo(one.requestCount() + 2);
    RegistryClient reader = RegistryClient.builder(registry.host()).build();
    for (String tag : List.of("a", "b", "c")) {
      Manifest stored = reader.getManifest("pipeline/tags", tag).orElseThrow();
      assertThat(stored.digest()).as(tag).isEqualTo(image.digest());
      assertThat(stored.raw()).as(tag).isEqualTo(image.manifestBytes());
    }
  }

  @Test
  void anArchiveHoldsTheImageUnderEveryName() throws Exception {
    BuiltImage image = build("c-musl-static", BaseImage.scratch());
    Path archive = tmp.resolve("tags.tar");
    Published published = Publisher.archive(OutputFile.of("--output", archive),
        List.of("example.com/app:1", "example.com/app:stable"), List.of("1", "stable"),
        archive.toString(), new BaseDownloads(sessions(), tmp.resolve("blobs")))
        .publish(List.of(image), null, Progress.NONE);

    assertThat(published.references()).containsExactly("example.com/app:1",
        "example.com/app:stable");
    assertThat(published.printed()).isEqualTo(archive.toString());
    Path layout = Files.createDirectories(tmp.resolve("tagged"));
    checkArchive(archive, layout);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var entries = json.readTree(layout.resolve("index.json").toFile()).path("manifests");
    assertThat(entries).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(entries.get(i).path("digest").asText()).isEqualTo(image.digest());
      assertThat(entries.get(i).path("annotations").path("org.opencontainers.image.ref.name")
          .asText()).isEqualTo(List.of("1", "stable").get(i));
    }
    assertThat(json.readTree(layout.resolve("manifest.json").toFile()).get(0).path("RepoTags")
        .toString()).isEqualTo("[\"example.com/app:1\",\"example.com/app:stable\"]");
  }

  @Test
  void aBaseResolvesFromTheRegistryAndItsLayersGoIntoAnArchive() throws Exception {
    BuiltImage base = build("go-hello-linux-amd64", BaseImage.scratch());
    Sessions sessions = sessions();
    pushed(base, registry.host() + "/pipeline/base:1", sessions);
    ImageRef ref = ImageRef.parse(registry.host() + "/pipeline/base:1");

    BaseImage resolved = BaseResolution.find(sessions, ref, "base:1", base.platform())
        .orElseThrow();
    assertThat(resolved.digest()).isEqualTo(base.digest());
    assertThat(resolved.remote()).extracting(l -> l.digest())
        .containsExactlyElementsOf(base.layers().stream().map(l -> l.blob().digest()).toList());
    assertThat(BaseResolution.find(sessions, ref, "base:1", Platform.parse("linux/arm64")))
        .as("a single-platform base of another architecture").isEmpty();

    BuiltImage onBase = build("go-hello-linux-amd64", resolved);
    assertThat(onBase.layers().get(0)).isInstanceOf(BuiltLayer.RemoteBase.class);
    Path archive = tmp.resolve("on-base.tar");
    int before = sessions.requestCount();
    Path downloads = Files.createDirectories(tmp.resolve("downloads"));
    Publisher.archive(OutputFile.of("--output", archive), "app", "1", archive.toString(),
        new BaseDownloads(sessions, downloads))
        .publish(List.of(onBase), null, Progress.NONE);
    assertThat(sessions.requestCount()).as("the base layer was downloaded").isGreaterThan(before);
    assertThat(downloads.resolve(onBase.layers().get(0).blob().hex())).exists();
    checkArchive(archive, Files.createDirectories(tmp.resolve("on-base")));
  }

  @Test
  void theSbomReferrerIsAttachedOverTheSessionThePushUsed() throws Exception {
    try (RegistryServer secured = RegistryServer.startWithBasicAuth("ci", "s3cret")) {
      RegistryAccess access = new RegistryAccess("ci", "s3cret", Set.of(), Map.of());
      BuiltImage image = build("c-musl-static", BaseImage.scratch());
      Sessions shared = Sessions.forTarget(access, secured.host(), "slim-test");
      ImageRef target = ImageRef.parse(secured.host() + "/pipeline/sbom:1");
      Publisher.registry(target, shared).publish(List.of(image), null, Progress.NONE);
      int afterPush = shared.requestCount();
      attach(target, shared, image);
      int overShared = shared.requestCount() - afterPush;

      assertThat(overShared).as("the referrer went through the push's session").isPositive();
      assertThat(shared.count()).as("push and referrer share one client").isEqualTo(1);
      int beforeAgain = shared.requestCount();
      attach(target, shared, image);
      int again = shared.requestCount() - beforeAgain;
      Sessions fresh = Sessions.forTarget(access, secured.host(), "slim-test");
      attach(target, fresh, image);
      assertThat(again).as("a new session meets the registry's challenge first; the shared"
          + " one already answers it").isEqualTo(fresh.requestCount() - 1);
    }
  }

  private static void attach(ImageRef target, Sessions sessions, BuiltImage image)
      throws Exception {
    Referrers.attach(target, sessions, image.manifest(),
        "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8),
        "application/spdx+json", "sbom", "sbom.spdx.json", "2024-05-01T12:00:00Z");
  }
}
