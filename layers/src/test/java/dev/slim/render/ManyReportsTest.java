package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run of several builds: the totals, the Markdown table and the text summary. The expected
 * texts are worked out by hand from the four images below: 2048 + 100 bytes pushed (2048
 * uploaded, 100 reused, 4296 before: saved 2148), 5000 bytes a gate stopped, one registry error,
 * one image --fail-fast skipped.
 */
class ManyReportsTest {

  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);

  private static BuildReport pushed() {
    LayerRow layer = new LayerRow(A, 2048, 4096L, "binary /app", "uploaded", "slim");
    LayerRow config = new LayerRow(C, 100, null, "image config", "reused", "slim");
    return new BuildReport("reg/a:1@sha256:aa", "sha256:aa", "linux/amd64",
        "application/vnd.oci.image.manifest.v1+json", null, 2148, 4196, "reg/a:0", 4296L,
        "compared with reg/a:0", List.of(layer), config, 5, 100);
  }

  private static BuildReport stopped() {
    LayerRow layer = new LayerRow(B, 4900, 9000L, "binary /b", "skipped", "slim");
    LayerRow config = new LayerRow(C, 100, null, "image config", "skipped", "slim");
    return new BuildReport("reg/b:2@sha256:bb", "sha256:bb", "linux/amd64",
        "application/vnd.oci.image.manifest.v1+json", null, 5000, 9100, null, null,
        "no baseline", List.of(layer), config, 0, 100)
        .withOutcome(new Outcome(Outcome.NOT_PUSHED, "gate max-size failed",
            List.of(GateResult.maxSize(null, 1000, 5000)), List.of()));
  }

  private static ManyReport run() {
    return new ManyReport(List.of(
        new ManyReport.Entry("reg/a:1", "dir/a", pushed(), null, false),
        new ManyReport.Entry("reg/b:2", "dir/b", stopped(), null, false),
        new ManyReport.Entry("reg/c:3", "dir/c", null, "registry said 401 | denied\nretry", false),
        new ManyReport.Entry("dir/d", "dir/d", null, "not built: --fail-fast", true)),
        2, 1, 1250);
  }

  // 2148 B = 2.0977 KiB, 5000 B = 4.8828 KiB; 1250 ms = 1.25 s, rounded half up
  private static final String TOTALS = "4 images: 1 done, 3 not; uploaded 2.0 KiB, reused 100 B,"
      + " saved 2.1 KiB; 1 request over 2 registry sessions; 1.3 s";

  @Test
  void theSummaryGivesTheTotalsThenWhyEachImageWasNotDone() {
    assertThat(ManyReports.summary(run())).isEqualTo(TOTALS + "\n"
        + "not pushed: reg/b:2 (dir/b): gate max-size failed\n"
        + "failed: reg/c:3 (dir/c): registry said 401 | denied\nretry\n"
        + "skipped: dir/d: not built: --fail-fast\n");
  }

  @Test
  void aRunWhereEverythingWasDoneSaysNoNotAndNoSavingsWithoutABaseline() {
    BuildReport noBaseline = new BuildReport("reg/e:1@sha256:ee", "sha256:ee", "linux/arm64",
        "application/vnd.oci.image.manifest.v1+json", null, 1024, 2048, null, null, "none",
        List.of(), new LayerRow(C, 1024, null, "image config", "mounted", "slim"), 1, 100);
    ManyReport one = new ManyReport(
        List.of(new ManyReport.Entry("reg/e:1", "dir/e", noBaseline, null, false)), 1, 1, 999);
    assertThat(ManyReports.summary(one)).isEqualTo("1 image: 1 done; uploaded 0 B,"
        + " reused 1.0 KiB; 1 request over 1 registry session; 1.0 s\n");
    assertThat(one.savedBytes()).isNull();
    assertThat(one.reusedBytes()).isEqualTo(1024);
  }

  @Test
  void theMarkdownTableHasOneRowPerImageThenEachReport() {
    String md = ManyReports.markdown(run());
    assertThat(md).startsWith("### slim build: 4 images, 1 done, 3 not\n\n"
        + "| image | outcome | compressed | uploaded | reused | saved |\n"
        + "|---|---|---:|---:|---:|---:|\n"
        + "| `reg/a:1@sha256:aa` | pushed | 2.1 KiB | 2.0 KiB | 100 B | 2.1 KiB |\n"
        + "| `reg/b:2` | not pushed | 4.9 KiB | 0 B | 0 B | - |\n"
        + "| `reg/c:3` | failed: registry said 401 \\| denied retry | - | - | - | - |\n"
        + "| `dir/d` | skipped: not built: --fail-fast | - | - | - | - |\n"
        + "\n" + TOTALS + "\n"
        + "\n#### slim build: `reg/a:1@sha256:aa`\n\n");
    assertThat(md).contains("\n#### slim build: `reg/b:2`\n\n**Not pushed**: gate max-size")
        .doesNotContain("#### slim build: `reg/c").doesNotContain("#### slim build: `dir/d");
  }

  @Test
  void theJsonHasEveryImageWithItsStatusAndTheTotals() throws Exception {
    JsonNode json = new ObjectMapper().readTree(ManyReports.json(run()));
    assertThat(json.get("schema").asText()).isEqualTo("slim/build-reports/v1");
    JsonNode images = json.get("images");
    assertThat(images).hasSize(4);
    List<String> statuses = new ArrayList<>();
    images.forEach(i -> statuses.add(i.get("status").asText()));
    assertThat(statuses).containsExactly("pushed", "not pushed", "failed", "skipped");
    assertThat(images.get(0).get("label").asText()).isEqualTo("reg/a:1");
    assertThat(images.get(0).get("source").asText()).isEqualTo("dir/a");
    assertThat(images.get(0).get("failure").isNull()).isTrue();
    assertThat(images.get(0).get("report").get("schema").asText())
        .isEqualTo(Reports.BUILD_SCHEMA);
    assertThat(images.get(0).get("report").get("size").get("saved").get("bytes").asLong())
        .isEqualTo(2148);
    assertThat(images.get(2).get("report").isNull()).isTrue();
    assertThat(images.get(2).get("failure").asText())
        .isEqualTo("registry said 401 | denied\nretry");
    JsonNode totals = json.get("totals");
    List<String> names = new ArrayList<>();
    totals.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("images", "succeeded", "failed", "uploadedBytes",
        "reusedBytes", "savedBytes", "sessions", "requests", "durationMillis");
    assertThat(totals.get("images").asInt()).isEqualTo(4);
    assertThat(totals.get("succeeded").asInt()).isEqualTo(1);
    assertThat(totals.get("failed").asInt()).isEqualTo(3);
    assertThat(totals.get("uploadedBytes").asLong()).isEqualTo(2048);
    assertThat(totals.get("reusedBytes").asLong()).isEqualTo(100);
    assertThat(totals.get("savedBytes").asLong()).isEqualTo(2148);
    assertThat(totals.get("sessions").asInt()).isEqualTo(2);
    assertThat(totals.get("requests").asInt()).isEqualTo(1);
    assertThat(totals.get("durationMillis").asLong()).isEqualTo(1250);
  }

  @Test
  void anEntryHasAReportOrAFailureNeverBothNorNeither() {
    assertThatThrownBy(() -> new ManyReport.Entry("a", "a", pushed(), "boom", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ManyReport.Entry("a", "a", null, null, false))
        .isInstanceOf(IllegalArgumentException.class);
    ManyReport.Entry gate = new ManyReport.Entry("b", "b", stopped(), null, true);
    assertThat(gate.status()).isEqualTo("not pushed");
    assertThat(gate.succeeded()).isFalse();
    assertThat(new ManyReport.Entry("c", "c", null, "x", false).succeeded()).isFalse();
    assertThat(new ManyReport.Entry("a", "a", pushed(), null, false).succeeded()).isTrue();
    assertThat(run().succeeded()).isEqualTo(1);
    assertThat(run().uploadedBytes()).isEqualTo(2048);
  }
}
