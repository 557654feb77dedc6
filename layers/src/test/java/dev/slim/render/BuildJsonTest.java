package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.plan.Lint;
import dev.slim.plan.LintWarning;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The build report's JSON and Markdown, and its savings at the edges. Expected values worked out
 * by hand: 1000 + 100 bytes after, 3000 before, saved 1900 = 63.33%, 3000 / 1100 = 2.727x.
 */
class BuildJsonTest {

  private static final String LAYER =
      "sha256:1752ffeb2eae0000000000000000000000000000000000000000000000000000";
  private static final String CONFIG =
      "sha256:ddcee12f4f8f0000000000000000000000000000000000000000000000000000";
  private static final LayerRow ROW = new LayerRow(LAYER, 1000, 2000L, "binary /app", "uploaded",
      "slim");
  private static final LayerRow CONF = new LayerRow(CONFIG, 100, null, "image config",
      "uploaded", "slim");

  private static BuildReport report(Long before, long after) {
    return new BuildReport("reg/app:1@sha256:ae6e", "sha256:ae6e", "linux/amd64",
        "application/vnd.oci.image.manifest.v1+json", null, after, 2100, "reg/app:0", before,
        "compared with reg/app:0", List.of(ROW), CONF, 4, 250);
  }

  private static JsonNode json(BuildReport r) throws Exception {
    return new ObjectMapper().readTree(Reports.buildJson(r));
  }

  @Test
  void savingsInJsonArePercentAndFactorToOneDecimal() throws Exception {
    JsonNode saved = json(report(3000L, 1100)).get("size").get("saved");
    assertThat(saved.get("bytes").asLong()).isEqualTo(1900);
    assertThat(saved.get("percent").asDouble()).isEqualTo(63.3);
    assertThat(saved.get("factor").asDouble()).isEqualTo(2.7);
    JsonNode grew = json(report(1000L, 1100)).get("size").get("saved");
    assertThat(grew.get("bytes").asLong()).isEqualTo(-100);
    assertThat(grew.get("percent").asDouble()).isEqualTo(-10.0);
    assertThat(grew.get("factor").asDouble()).isEqualTo(0.9);
  }

  @Test
  void sizeAfterNamesTheGzipLevelOfTheLayersAndNothingElseChanges() throws Exception {
    BuildReport six = report(3000L, 1100);
    BuildReport one = six.withCompressionLevel(1);
    JsonNode after = json(one).get("size").get("after");
    List<String> names = new ArrayList<>();
    after.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("compressed", "uncompressed", "compressionLevel");
    assertThat(after.get("compressionLevel").asInt()).isEqualTo(1);
    assertThat(json(six).get("size").get("after").get("compressionLevel").asInt())
        .as("the default").isEqualTo(6);
    assertThat(Reports.buildJson(one)
        .replace("\"compressionLevel\" : 1", "\"compressionLevel\" : 6"))
        .as("the level is all that differs").isEqualTo(Reports.buildJson(six));
    assertThat(Reports.buildTable(one)).isEqualTo(Reports.buildTable(six));
    assertThat(Reports.buildMarkdown(one)).isEqualTo(Reports.buildMarkdown(six));
  }

  @Test
  void aZeroOrMissingBaselineOrAnEmptyImageHasNoSavings() throws Exception {
    assertThat(json(report(0L, 1100)).get("size").get("saved").isNull()).isTrue();
    assertThat(json(report(1000L, 0)).get("size").get("saved").isNull()).isTrue();
    assertThat(json(report(null, 1100)).get("size").get("saved").isNull()).isTrue();
    assertThat(json(report(1L, 1100)).get("size").get("saved").get("bytes").asLong())
        .isEqualTo(-1099);
    assertThat(Reports.buildTable(report(0L, 1100)))
        .contains("\nbefore  0 B compressed (reg/app:0)\n");
    assertThat(Reports.buildTable(report(1000L, 0)))
        .contains("\nbefore  1000 B compressed (reg/app:0)\n");
    assertThat(Reports.buildTable(report(null, 1100)))
        .contains("\nbefore  compared with reg/app:0\n");
  }

  @Test
  void jsonListsEveryLayerThePlatformsAndTheTotals() throws Exception {
    JsonNode json = json(report(3000L, 1100));
    assertThat(json.get("image").get("references").get(0).asText())
        .isEqualTo("reg/app:1@sha256:ae6e");
    assertThat(json.get("layers")).hasSize(1);
    JsonNode layer = json.get("layers").get(0);
    List<String> names = new ArrayList<>();
    layer.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("digest", "size", "uncompressedSize", "holds", "status",
        "origin");
    assertThat(layer.get("digest").asText()).isEqualTo(LAYER);
    assertThat(layer.get("size").asLong()).isEqualTo(1000);
    assertThat(layer.get("uncompressedSize").asLong()).isEqualTo(2000);
    assertThat(layer.get("holds").asText()).isEqualTo("binary /app");
    assertThat(layer.get("status").asText()).isEqualTo("uploaded");
    assertThat(layer.get("origin").asText()).isEqualTo("slim");
    assertThat(json.get("config").get("uncompressedSize").isNull()).isTrue();
    JsonNode platform = json.get("platforms").get(0);
    assertThat(platform.get("platform").asText()).isEqualTo("linux/amd64");
    assertThat(platform.get("compressed").asLong()).isEqualTo(1100);
    assertThat(platform.get("layers")).hasSize(1);
    assertThat(platform.get("layers").get(0).get("digest").asText()).isEqualTo(LAYER);
    JsonNode totals = json.get("totals");
    assertThat(totals.get("uploadedBytes").asLong()).isEqualTo(1100);
    assertThat(totals.get("reusedBytes").asLong()).isZero();
    assertThat(totals.get("requests").asInt()).isEqualTo(4);
    assertThat(totals.get("durationMillis").asLong()).isEqualTo(250);
  }

  @Test
  void markdownOfAPushedImage() {
    // 2000 B = 1.95 KiB, 1100 B = 1.07 KiB, 2100 B = 2.05 KiB, 3000 B = 2.93 KiB, 1900 B = 1.86 KiB
    assertThat(Reports.buildMarkdown(report(3000L, 1100))).isEqualTo(
        "### slim build: `reg/app:1@sha256:ae6e`\n\n"
            + "| | compressed | uncompressed |\n|---|---:|---:|\n"
            + "| after | 1.1 KiB (1100 B) | 2.1 KiB |\n"
            + "| before | 2.9 KiB (3000 B) | - |\n\n"
            + "Baseline: 2.9 KiB compressed (reg/app:0): saved 1.9 KiB, 63.3%, 2.7x smaller\n\n"
            + "| platform | layer | compressed | uncompressed | status | from | holds |\n"
            + "|---|---|---:|---:|---|---|---|\n"
            + "| linux/amd64 | `sha256:1752ffeb2eae` | 1000 B | 2.0 KiB | uploaded | slim"
            + " | binary /app |\n"
            + "| linux/amd64 | `sha256:ddcee12f4f8f` | 100 B | - | uploaded | slim"
            + " | image config |\n"
            + "\nDigest: `sha256:ae6e` (linux/amd64), uploaded 1.1 KiB, reused 0 B\n");
  }

  @Test
  void markdownOfAWrittenArchiveSaysNothingOfUploadsAndListsWarnings() {
    BuildReport written = new BuildReport("app:1", "sha256:ae6e", "linux/amd64",
        "application/vnd.oci.image.manifest.v1+json", "out/app.tar", 1100, 2100, null, null,
        "no baseline", List.of(ROW), CONF, 0, 250);
    LintWarning w = new LintWarning(Lint.NAMES.get(0), "bin/app", "no CA bundle | none");
    String md = Reports.buildMarkdown(written.withOutcome(
        new Outcome(Outcome.WRITTEN, null, List.of(), List.of(w))));
    assertThat(md).startsWith("### slim build: `app:1`\n\n- **Warning `" + Lint.NAMES.get(0)
        + "`** in `bin/app`: no CA bundle \\| none\n\n| | compressed |")
        .endsWith("\nDigest: `sha256:ae6e` (linux/amd64)\n").doesNotContain("uploaded 1");
  }

  @Test
  void theTableNamesEveryFurtherTagOnlyWhenTheImageWentThere() {
    BuildReport tagged = report(null, 1100)
        .withReferences(List.of("reg/app:1@sha256:ae6e", "reg/app:latest"));
    assertThat(Reports.buildTable(tagged)).startsWith("pushed  reg/app:1@sha256:ae6e\n"
        + "tagged  reg/app:latest\ndigest  sha256:ae6e  linux/amd64\n");
    BuildReport stopped = tagged.withOutcome(new Outcome(Outcome.NOT_PUSHED, "gate max-size"
        + " failed", List.of(GateResult.maxSize(null, 1100, 1100)), List.of()));
    assertThat(Reports.buildTable(stopped)).doesNotContain("tagged")
        .contains("gate    max-size: passed, 1100 bytes compressed, limit 1100 bytes\n");
    assertThat(Reports.buildMarkdown(stopped)).contains("**Not pushed**: gate max-size failed\n\n"
        + "| gate | limit | actual | result |\n|---|---:|---:|---|\n"
        + "| max-size | 1100 B | 1100 B | passed |\n\n");
    assertThat(stopped.references()).containsExactly("reg/app:1@sha256:ae6e", "reg/app:latest");
  }

  @Test
  void referencesDefaultToTheReferenceAndMustStartWithIt() {
    BuildReport r = report(null, 1100);
    assertThat(r.withReferences(List.of()).references()).containsExactly(r.reference());
    assertThat(r.withSbom(null).sbom()).isEmpty();
    assertThat(r.withSbom(List.of("sbom.json")).sbom()).containsExactly("sbom.json");
    assertThatThrownBy(() -> r.withReferences(List.of("reg/app:2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("references start with reg/app:1@sha256:ae6e");
  }

  @Test
  void aBlobSharedByTwoPlatformsIsCountedOnceAndMountedCountsAsReused() {
    LayerRow shared = new LayerRow(LAYER, 1000, 2000L, "base", "mounted", "base");
    LayerRow written = new LayerRow(CONFIG, 100, null, "image config", "written", "slim");
    LayerRow up = new LayerRow(CONFIG.replace('d', 'e'), 7, null, "image config", "uploaded");
    BuildReport r = new BuildReport("reg/app:1@sha256:ix", "sha256:ix", "linux/amd64,linux/arm64",
        "application/vnd.oci.image.index.v1+json", null, 1107, 2107, null, null, "none",
        List.of(shared), written, 2, 100, List.of(
            new PlatformImage("linux/amd64", "sha256:a", 1100, List.of(shared), written),
            new PlatformImage("linux/arm64", "sha256:b", 1007, List.of(shared), up)));
    assertThat(r.reusedBytes()).isEqualTo(1000);
    assertThat(r.uploadedBytes()).isEqualTo(7);
    assertThat(up.origin()).isEqualTo("slim");
  }
}
