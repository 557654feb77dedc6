package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.SlimException;
import dev.slim.image.Progress;
import dev.slim.render.ManyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of several local builds: each image's fate is its own, the run's outputs list every image
 * in order, and a wrong target stops the run before anything is built.
 */
@Timeout(120)
class SlimBuildsTest {

  @TempDir Path tmp;

  /** Records what the run tells the board. */
  private static final class Recorder implements SlimBuilds.Board {
    final Map<Integer, ImageOutcome> ended = new ConcurrentHashMap<>();

    @Override
    public Progress image(int index) {
      return Progress.NONE;
    }

    @Override
    public void ended(int index, ImageOutcome outcome) {
      ended.put(index, outcome);
    }
  }

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private ManyRequest.Image image(String label, String fixture, Map<String, String> env,
      Long maxSize) {
    return new ManyRequest.Image(label, tmp.resolve("src-" + label),
        BuildRequest.builder().binary(fixture(fixture)).image("example.com/" + label + ":1")
            .output(tmp.resolve(label + ".tar")).environment(env).maxSize(maxSize).build());
  }

  private ManyRequest.Image image(String label, String fixture) {
    return image(label, fixture, Map.of(), null);
  }

  @Test
  void everyImageIsWrittenAndTheRunsOutputsListThemInOrder() throws Exception {
    Path summary = Files.writeString(tmp.resolve("summary.md"), "before\n");
    Path digests = tmp.resolve("digests.txt");
    Path json = tmp.resolve("run.json");
    Path markdown = tmp.resolve("run.md");
    List<ManyRequest.Image> images = List.of(
        image("a", "c-musl-static", Map.of("GITHUB_STEP_SUMMARY", summary.toString()), null),
        image("b", "go-hello-linux-amd64"));
    Recorder board = new Recorder();
    ManyResult result = SlimBuilds.run(new ManyRequest(images, 2, false, digests, json,
        markdown), board);

    assertThat(result.printed()).containsExactly(tmp.resolve("a.tar").toString(),
        tmp.resolve("b.tar").toString());
    assertThat(tmp.resolve("a.tar")).isNotEmptyFile();
    assertThat(tmp.resolve("b.tar")).isNotEmptyFile();
    assertThat(digests).hasContent(String.join("\n", result.printed()));
    assertThat(Files.readString(digests)).endsWith(".tar\n");
    assertThat(result.outcomes()).allMatch(o -> o instanceof ImageOutcome.Built);
    assertThat(board.ended).containsOnlyKeys(0, 1);
    assertThat(board.ended.get(1).label()).isEqualTo("b");
    assertThat(result.report().images()).extracting(ManyReport.Entry::status)
        .containsExactly("written", "written");
    assertThat(result.report().images()).extracting(ManyReport.Entry::source)
        .containsExactly(tmp.resolve("src-a").toString(), tmp.resolve("src-b").toString());
    assertThat(result.report().durationMillis()).isGreaterThanOrEqualTo(0).isLessThan(120_000);

    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.toString()).contains("example.com/a:1").contains("example.com/b:1");
    String md = Files.readString(markdown);
    assertThat(md).startsWith("### slim build: 2 images, 2 done, 0 not");
    // the job summary gets the run's Markdown once, not one per image
    assertThat(Files.readString(summary)).isEqualTo("before\n" + md);
  }

  @Test
  void oneImagesFailureIsItsOwnAndTheOthersAreStillWritten() throws Exception {
    Path digests = tmp.resolve("digests.txt");
    List<ManyRequest.Image> images = List.of(image("bad", "c-dynamic"),
        image("missing", "no-such-binary"), image("good", "c-musl-static"));
    ManyResult result = SlimBuilds.run(new ManyRequest(images, 1, false, digests, null, null),
        new Recorder());

    assertThat(result.outcomes().get(0)).isInstanceOf(ImageOutcome.Failed.class);
    assertThat(result.outcomes().get(1)).isInstanceOf(ImageOutcome.Failed.class);
    assertThat(result.outcomes().get(2)).isInstanceOf(ImageOutcome.Built.class);
    assertThat(result.printed()).containsExactly(tmp.resolve("good.tar").toString());
    assertThat(digests).hasContent(tmp.resolve("good.tar").toString());
    assertThat(tmp.resolve("bad.tar")).doesNotExist();
    List<ManyReport.Entry> entries = result.report().images();
    assertThat(entries).extracting(ManyReport.Entry::status)
        .containsExactly(ManyReport.FAILED, ManyReport.FAILED, "written");
    assertThat(entries.get(0).failure()).isEqualTo(
        ((ImageOutcome.Failed) result.outcomes().get(0)).failure().getMessage())
        .doesNotContain("Exception");
    assertThat(entries.get(1).failure()).isEqualTo("file not found: " + fixture("no-such-binary"));
  }

  @Test
  void failFastSkipsWhatComesAfterAFailure() throws Exception {
    List<ManyRequest.Image> images = List.of(image("bad", "c-dynamic"),
        image("later", "c-musl-static"));
    Path digests = tmp.resolve("digests.txt");
    ManyResult result = SlimBuilds.run(new ManyRequest(images, 1, true, digests, null, null),
        new Recorder());

    assertThat(result.outcomes().get(1)).isEqualTo(new ImageOutcome.Skipped("later", "bad"));
    ManyReport.Entry later = result.report().images().get(1);
    assertThat(later.status()).isEqualTo(ManyReport.SKIPPED);
    assertThat(later.failure()).isEqualTo("not built: --fail-fast stopped the run after bad failed");
    assertThat(tmp.resolve("later.tar")).doesNotExist();
    assertThat(result.printed()).isEmpty();
    assertThat(digests).as("nothing to list").doesNotExist();
  }

  @Test
  void withoutFailFastAFailedGateDoesNotSkipTheNext() throws Exception {
    List<ManyRequest.Image> images = List.of(image("big", "c-musl-static", Map.of(), 10L),
        image("next", "c-musl-static"));
    ManyResult result = SlimBuilds.run(new ManyRequest(images, 1, false, null, null, null),
        new Recorder());

    ImageOutcome.Built big = (ImageOutcome.Built) result.outcomes().get(0);
    assertThat(big.result().gateFailure()).isPresent();
    assertThat(result.outcomes().get(1)).isInstanceOf(ImageOutcome.Built.class);
    assertThat(result.printed()).containsExactly(tmp.resolve("next.tar").toString());
    assertThat(tmp.resolve("big.tar")).doesNotExist();
  }

  @Test
  void failFastTakesAFailedGateForAFailure() throws Exception {
    List<ManyRequest.Image> images = List.of(image("big", "c-musl-static", Map.of(), 10L),
        image("next", "c-musl-static"));
    ManyResult result = SlimBuilds.run(new ManyRequest(images, 1, true, null, null, null),
        new Recorder());
    assertThat(result.outcomes().get(1)).isEqualTo(new ImageOutcome.Skipped("next", "big"));
  }

  @Test
  void twoImagesForTheSameArchiveAreRefusedBeforeAnythingIsBuilt() {
    ManyRequest.Image a = image("a", "c-musl-static");
    ManyRequest.Image b = new ManyRequest.Image("b", tmp.resolve("src-b"),
        a.request().toBuilder().image("example.com/b:1").build());
    Path digests = tmp.resolve("digests.txt");
    assertThatThrownBy(() -> SlimBuilds.run(new ManyRequest(List.of(a, b), 1, false, digests,
        null, null), new Recorder()))
        .isInstanceOf(SlimException.class)
        .hasMessage(tmp.resolve("src-a") + " and " + tmp.resolve("src-b") + " both build "
            + tmp.resolve("a.tar") + ": give each its own image: (or output) in its slim.yaml");
    assertThat(tmp.resolve("a.tar")).doesNotExist();
    assertThat(digests).doesNotExist();
  }

  @Test
  void twoImagesPushedToTheSameReferenceAreRefused() {
    List<ManyRequest.Image> images = new ArrayList<>();
    for (String label : List.of("a", "b")) {
      images.add(new ManyRequest.Image(label, tmp.resolve(label), BuildRequest.builder()
          .binary(fixture("c-musl-static")).image("127.0.0.1:9/team/app").push(true).build()));
    }
    assertThatThrownBy(() -> SlimBuilds.run(new ManyRequest(images, 2, false, null, null, null),
        new Recorder()))
        .isInstanceOf(SlimException.class)
        .hasMessageContaining(" both build 127.0.0.1:9/team/app:latest: give each");
  }

  @Test
  void aWrongTargetNamesItsSlimYaml() {
    ManyRequest.Image bad = new ManyRequest.Image("bad", tmp.resolve("bad"),
        BuildRequest.builder().binary(fixture("c-musl-static")).push(true).build());
    assertThatThrownBy(() -> SlimBuilds.run(new ManyRequest(List.of(image("a", "c-musl-static"),
        bad), 1, false, null, null, null), new Recorder()))
        .isInstanceOf(SlimException.class)
        .hasMessage(tmp.resolve("bad") + ": --push needs --image REGISTRY/REPOSITORY:TAG to know"
            + " where to push")
        .extracting(e -> ((SlimException) e).reason()).isEqualTo(SlimException.Reason.USAGE);
    assertThat(tmp.resolve("a.tar")).doesNotExist();
  }

  @Test
  void aRunNeedsAnImageAndAJob() {
    assertThatThrownBy(() -> new ManyRequest(List.of(), 1, false, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ManyRequest(List.of(image("a", "c-musl-static")), 0, false,
        null, null, null)).hasMessage("jobs must be at least 1, not 0");
  }

  @Test
  void aRunWritesStdoutWhenItsOutputsOrAnImagesDo() {
    ManyRequest.Image plain = image("a", "c-musl-static");
    assertThat(new ManyRequest(List.of(plain), 1, false, null, null, null).writesStdout())
        .isFalse();
    assertThat(new ManyRequest(List.of(plain), 1, false, null, null, Path.of("-"))
        .writesStdout()).isTrue();
    ManyRequest.Image dash = new ManyRequest.Image("d", tmp, plain.request().toBuilder()
        .reportJson(Path.of("-")).build());
    assertThat(new ManyRequest(List.of(plain, dash), 1, false, null, null, null).writesStdout())
        .isTrue();
  }
}
