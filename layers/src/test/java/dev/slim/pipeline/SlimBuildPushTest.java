package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.image.Progress;
import dev.slim.oci.MediaTypes;
import dev.slim.plan.Base;
import dev.slim.plan.PlanRequest;
import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryClient;
import dev.slim.render.LayerRow;
import dev.slim.render.ManyReport;
import dev.slim.render.Outcome;
import dev.slim.testing.RegistryExtension;
import dev.slim.testing.TinyImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slim build --push} through the library against Debian's docker-registry: the SBOM
 * attached, the image at the tag as baseline, image bases resolved (an index's child, a mirror
 * for Docker Hub), gates that stop the push before any blob is sent, and a run of several pushes.
 */
@Timeout(180)
class SlimBuildPushTest {

  private static final Instant CREATED = Instant.parse("2024-05-01T12:00:00Z");

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  private static String tinyDigest;

  @TempDir Path tmp;

  @BeforeAll
  static void pushBases() throws Exception {
    RegistryClient client = client();
    tinyDigest = TinyImage.push(client, "base/tiny", "1", "2024-01-01T00:00:00Z", "layer", null);
    TinyImage.push(client, "library/tinyhub", "1", "2024-01-01T00:00:00Z", "hub", null);
    Manifest tiny = client.getManifest("base/tiny", "1").orElseThrow();
    String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX
        + "\",\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\""
        + tinyDigest + "\",\"size\":" + tiny.raw().length
        + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
    client.putManifest("base/tiny", "multi", index.getBytes(StandardCharsets.UTF_8),
        MediaTypes.OCI_INDEX);
  }

  private static RegistryClient client() {
    return RegistryClient.builder(registry.host()).build();
  }

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private static BuildRequest.Builder push(String fixture, String repoTag) {
    return BuildRequest.builder().binary(fixture(fixture)).image(registry.host() + "/" + repoTag)
        .push(true).created(CREATED);
  }

  private static PlanRequest on(String base) throws SlimException {
    return PlanRequest.builder().base(Base.parse(base, false)).build();
  }

  @Test
  void aPushAttachesItsSbomAndTheNextPushComparesWithIt() throws Exception {
    String repo = registry.host() + "/push/sbom";
    BuildResult first = SlimBuild.run(push("c-musl-static", "push/sbom:1").sbom(true).build(),
        Progress.NONE);
    String digest = first.report().digest();
    assertThat(first.printed()).isEqualTo(repo + ":1@" + digest);
    assertThat(first.report().outcome().status()).isEqualTo(Outcome.PUSHED);
    assertThat(first.report().baselineNote()).isEqualTo("no baseline: nothing at " + repo
        + ":1 yet (give --baseline REF to compare)");
    assertThat(first.report().sbom()).singleElement().asString()
        .startsWith(repo + "@sha256:").contains("OCI referrer");
    assertThat(client().getManifest("push/sbom", "1").orElseThrow().digest()).isEqualTo(digest);

    BuildResult second = SlimBuild.run(push("c-musl-static", "push/sbom:1").build(),
        Progress.NONE);
    assertThat(second.report().baselineNote()).isEqualTo("compared with " + repo + ":1");
    assertThat(second.report().beforeCompressed()).isEqualTo(first.report().afterCompressed());
    assertThat(second.report().sbom()).isEmpty();
    assertThat(second.report().requests()).isPositive();
  }

  @Test
  void aBaselineGivenOnPurposeMustExistAndNothingIsPushedWithoutIt() throws Exception {
    String missing = registry.host() + "/push/none:1";
    assertThatThrownBy(() -> SlimBuild.run(push("c-musl-static", "push/orphan:1")
        .baseline(missing).build(), Progress.NONE))
        .isInstanceOf(SlimException.class)
        .hasMessageStartingWith("baseline " + missing + ": ")
        .extracting(e -> ((SlimException) e).reason()).isEqualTo(SlimException.Reason.REGISTRY);
    assertThat(client().getManifest("push/orphan", "1")).isEmpty();
  }

  @Test
  void aFailedGateOrAStoppingWarningSendsNoBlobAtAll() throws Exception {
    BuildResult gated = SlimBuild.run(push("c-musl-static", "push/gated:1").maxSize(10L)
        .build(), Progress.NONE);
    assertThat(gated.gateFailure()).hasValueSatisfying(f -> assertThat(f).endsWith("; not pushed"));
    assertThat(gated.report().outcome().status()).isEqualTo(Outcome.NOT_PUSHED);

    // --created 0 warns; with --fail-on-warning the layers must not stream while they compress
    BuildResult warned = SlimBuild.run(push("c-musl-static", "push/warned:1")
        .created(Instant.EPOCH).failOnWarning(true).build(), Progress.NONE);
    assertThat(warned.gateFailure()).isPresent();
    RegistryClient client = client();
    for (String repo : List.of("push/gated", "push/warned")) {
      assertThat(client.getManifest(repo, "1")).as(repo).isEmpty();
    }
    for (LayerRow layer : warned.report().layers()) {
      assertThat(client.blobSize("push/warned", layer.digest())).as(layer.holds()).isEmpty();
    }
  }

  @Test
  void anImageBaseIsReadFromTheRegistryAndItsLayerComesFirst() throws Exception {
    BuildResult result = SlimBuild.run(push("go-hello-linux-amd64", "push/onbase:1")
        .plan(on(registry.host() + "/base/tiny:1")).build(), Progress.NONE);
    List<LayerRow> layers = result.report().layers();
    assertThat(layers).hasSize(2);
    assertThat(layers.get(0).holds()).isEqualTo(registry.host() + "/base/tiny:1 layer 1");
    assertThat(client().getManifest("push/onbase", "1")).isPresent();

    BuildResult child = SlimBuild.run(push("go-hello-linux-amd64", "push/onindex:1")
        .plan(on(registry.host() + "/base/tiny:multi")).build(), Progress.NONE);
    assertThat(child.report().layers().get(0).digest())
        .as("the index's amd64 child is the base").isEqualTo(layers.get(0).digest());
  }

  @Test
  void aBaseWithoutTheBinarysPlatformIsAUsageError() {
    Path arm = fixture("go-hello-linux-arm64");
    for (String tag : List.of("1", "multi")) {
      String base = registry.host() + "/base/tiny:" + tag;
      assertThatThrownBy(() -> SlimBuild.run(push("go-hello-linux-arm64", "push/arm:" + tag)
          .plan(on(base)).build(), Progress.NONE))
          .isInstanceOf(SlimException.class)
          .hasMessage("base image " + base + " (" + base + ") has no linux/arm64 image, which "
              + arm + " is built for")
          .extracting(e -> ((SlimException) e).reason()).isEqualTo(SlimException.Reason.USAGE);
    }
  }

  @Test
  void aMissingBaseIsARegistryErrorNamingIt() {
    String base = registry.host() + "/base/none:1";
    assertThatThrownBy(() -> SlimBuild.run(push("go-hello-linux-amd64", "push/nobase:1")
        .plan(on(base)).build(), Progress.NONE))
        .isInstanceOf(SlimException.class)
        .hasMessage("base image " + base + " not found at " + base)
        .extracting(e -> ((SlimException) e).reason()).isEqualTo(SlimException.Reason.REGISTRY);
  }

  @Test
  void aBaseRegistryStandsInForDockerHubOnly() throws Exception {
    BuildResult result = SlimBuild.run(push("go-hello-linux-amd64", "push/hub:1")
        .plan(on("tinyhub:1")).baseRegistry(registry.host()).build(), Progress.NONE);
    assertThat(result.report().layers().get(0).holds()).isEqualTo("tinyhub:1 layer 1");
  }

  @Test
  void aRunPushesEveryImageOverOneSessionAndListsEachReference() throws Exception {
    Path digests = tmp.resolve("digests.txt");
    PlanRequest onStatic = on("static");
    List<ManyRequest.Image> images = List.of(
        new ManyRequest.Image("one", tmp.resolve("one"), push("c-musl-static", "run/one:1")
            .plan(onStatic).build()),
        new ManyRequest.Image("two", tmp.resolve("two"), push("go-hello-linux-amd64",
            "run/two:1").plan(onStatic).build()));
    ManyResult result = SlimBuilds.run(new ManyRequest(images, 2, false, digests, null, null),
        new SlimBuilds.Board() {
          @Override
          public Progress image(int index) {
            return Progress.NONE;
          }

          @Override
          public void ended(int index, ImageOutcome outcome) {}
        });

    assertThat(result.report().images()).extracting(ManyReport.Entry::status)
        .containsExactly(Outcome.PUSHED, Outcome.PUSHED);
    assertThat(result.report().sessions()).isEqualTo(1);
    assertThat(result.printed()).hasSize(2);
    assertThat(result.printed().get(0)).startsWith(registry.host() + "/run/one:1@sha256:");
    assertThat(digests).hasContent(String.join("\n", result.printed()));
    RegistryClient client = client();
    for (String repo : List.of("run/one", "run/two")) {
      assertThat(client.getManifest(repo, "1")).as(repo).isPresent();
    }
    // the static base's layers are the same blobs in both images
    List<LayerRow> one = ((ImageOutcome.Built) result.outcomes().get(0)).result().report()
        .layers();
    List<LayerRow> two = ((ImageOutcome.Built) result.outcomes().get(1)).result().report()
        .layers();
    assertThat(one.get(0).digest()).isEqualTo(two.get(0).digest());
    assertThat(Files.readString(digests)).endsWith("\n");
  }

  @Test
  void aRunAgainstAnUnreachableRegistryFailsEachImageAndStillReports() throws Exception {
    List<ManyRequest.Image> images = List.of(new ManyRequest.Image("gone", tmp.resolve("gone"),
        BuildRequest.builder().binary(fixture("c-musl-static")).image("127.0.0.1:9/x/app:1")
            .push(true).created(CREATED).build()));
    ManyResult result = SlimBuilds.run(new ManyRequest(images, 1, false, null, null, null),
        new SlimBuilds.Board() {
          @Override
          public Progress image(int index) {
            return Progress.NONE;
          }

          @Override
          public void ended(int index, ImageOutcome outcome) {}
        });
    assertThat(result.outcomes()).singleElement().isInstanceOf(ImageOutcome.Failed.class);
    assertThat(result.report().images().get(0).failure()).doesNotContain("internal error");
  }
}
