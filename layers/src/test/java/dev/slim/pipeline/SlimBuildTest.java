package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import dev.slim.image.Progress;
import dev.slim.plan.Base;
import dev.slim.plan.PlanRequest;
import dev.slim.render.LayerRow;
import dev.slim.render.Outcome;
import dev.slim.testing.ImageCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composer without a registry: a local archive, a gate, an early refusal. */
class SlimBuildTest {

  @TempDir Path tmp;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private BuildRequest archive(String fixture, Path output, Long maxSize) {
    return BuildRequest.builder().binary(fixture(fixture)).image("example.com/app:1")
        .output(output).maxSize(maxSize).build();
  }

  @Test
  void aLocalBuildWritesTheArchiveAndReportsEveryBlobWritten() throws Exception {
    Path output = tmp.resolve("app.tar");
    BuildResult result = SlimBuild.run(archive("c-musl-static", output, null), Progress.NONE);

    assertThat(result.printed()).isEqualTo(output.toString());
    assertThat(result.gateFailure()).isEmpty();
    assertThat(result.report().archive()).isEqualTo(output.toString());
    assertThat(result.report().reference()).isEqualTo("example.com/app:1");
    assertThat(result.report().requests()).as("a scratch archive needs no registry").isZero();
    assertThat(result.report().layers()).extracting(LayerRow::status).containsOnly("written");
    assertThat(result.report().config().status()).isEqualTo("written");
    assertThat(result.report().outcome().status()).isEqualTo(Outcome.WRITTEN);
    Path layout = Files.createDirectories(tmp.resolve("layout"));
    ImageCheck.unpack(output, layout);
    ImageCheck.checkLayout(layout, null);
    assertThat(layout.resolve("blobs/sha256").resolve(result.report().digest().substring(7)))
        .exists();
  }

  @Test
  void aFailedGateWritesNothingAndSaysWhyAsAValue() throws Exception {
    Path output = tmp.resolve("gated.tar");
    BuildResult result = SlimBuild.run(archive("c-musl-static", output, 1000L), Progress.NONE);

    assertThat(result.gateFailure()).hasValueSatisfying(f ->
        assertThat(f).endsWith("over --max-size 1000 bytes; not written"));
    assertThat(output).doesNotExist();
    assertThat(result.report().layers()).extracting(LayerRow::status).containsOnly("skipped");
    assertThat(result.report().outcome().status()).isEqualTo(Outcome.NOT_WRITTEN);
  }

  @Test
  void aBinaryThatCannotRunIsRefusedBeforeTheBaseRegistryIsAsked() throws Exception {
    // nothing listens on port 9: a registry request would fail as REGISTRY, not REJECTED
    PlanRequest onBase = PlanRequest.builder()
        .base(Base.parse("127.0.0.1:9/team/base:1", false)).build();
    BuildRequest request = BuildRequest.builder().binary(fixture("c-dynamic")).plan(onBase)
        .image("127.0.0.1:9/team/app:1").push(true).build();
    assertThatThrownBy(() -> SlimBuild.run(request, Progress.NONE))
        .isInstanceOf(SlimException.class)
        .extracting(e -> ((SlimException) e).reason()).isEqualTo(SlimException.Reason.REJECTED);
  }
}
