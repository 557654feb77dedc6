package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.cleanup.CleanupReport;
import dev.slim.cleanup.CleanupReport.Capabilities;
import dev.slim.cleanup.CleanupReport.RepositoryRow;
import dev.slim.cleanup.CleanupReport.TagRow;
import dev.slim.cleanup.CleanupReport.Totals;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupReportsTest {

  private static final String DIGEST = "sha256:" + "a".repeat(64);

  private static CleanupReport report() {
    TagRow old = new TagRow("r.io", "team/app", "v1", DIGEST, "application/vnd.oci.image"
        + ".manifest.v1+json", List.of("linux/amd64"), Instant.parse("2020-01-01T00:00:00Z"),
        2000, 500, 1500, "image", "delete", "older than 30d (--older-than)");
    TagRow kept = new TagRow("r.io", "team/app", "<b>latest</b>", DIGEST.replace('a', 'b'),
        null, List.of(), null, 2000, 500, 1500, "image", "keep", "latest is always kept");
    return new CleanupReport(CleanupReport.SCHEMA, Instant.parse("2026-01-01T00:00:00Z"),
        "--older-than 30d, latest kept", List.of(new Capabilities("r.io", true, true, false)),
        List.of(new RepositoryRow("r.io", "team/app", 2, 2, 4000, 3500, 1510, 1)),
        List.of(old, kept), List.of(), new Totals(1, 2, 2, 4000, 3500, 500, 1510, 500, 1, 1, 9),
        null, null, List.of("a note"), "registry garbage-collect CONFIG");
  }

  @Test
  void htmlIsOneSelfContainedPageWithAChart() {
    String html = CleanupReports.html(report());
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>", "<svg", "<rect");
    assertThat(html).doesNotContain("<script", "<link", "src=", "@import", "url(",
        "@font-face");
    assertThat(html).contains("&lt;b&gt;latest&lt;/b&gt;").doesNotContain("<b>latest</b>");
    assertThat(html).contains("1510 bytes");
  }

  @Test
  void jsonHasTheDocumentedFieldsInBytes() throws Exception {
    JsonNode json = new ObjectMapper().readTree(CleanupReports.json(report()));
    assertThat(json.path("schema").asText()).isEqualTo("slim/cleanup-report/v1");
    assertThat(json.path("totals").path("logicalBytes").asLong()).isEqualTo(4000);
    assertThat(json.path("totals").path("storedBytes").asLong()).isEqualTo(3500);
    assertThat(json.path("totals").path("reclaimableBytes").asLong()).isEqualTo(1510);
    JsonNode tag = json.path("tags").get(0);
    assertThat(tag.path("tag").asText()).isEqualTo("v1");
    assertThat(tag.path("digest").asText()).isEqualTo(DIGEST);
    assertThat(tag.path("verdict").asText()).isEqualTo("delete");
    assertThat(tag.path("reason").asText()).isEqualTo("older than 30d (--older-than)");
    assertThat(json.path("registries").get(0).path("referrers").asBoolean()).isFalse();
    assertThat(json.path("applied").isNull()).isTrue();
  }

  @Test
  void tableAndMarkdownSayWhatIsStoredAndWhatGoes() {
    String table = CleanupReports.table(report());
    assertThat(table).contains("stored:      3500 bytes (3.4 KiB)",
        "reclaimable: 1510 bytes (1.5 KiB) freed after the registry's garbage collection",
        "registry r.io: catalog yes, delete yes, referrers API no",
        "nothing was changed; --apply deletes");
    assertThat(CleanupReports.markdown(report()))
        .contains("| reclaimable after GC | 1510 | 1.5 KiB |");
  }

  @Test
  void oneManifestIsSingular() {
    assertThat(CleanupReports.table(report())).contains("delete:      1 of 2 tags, 1 manifest\n");
  }

  private static CleanupReport manyTags() {
    List<TagRow> tags = new java.util.ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      tags.add(new TagRow("r.io", "team/app", "t" + i, "sha256:" + String.valueOf(i).repeat(64),
          null, List.of(), null, 1000L * i, 0, 100L * i, "image", "delete", "rule"));
    }
    return new CleanupReport(CleanupReport.SCHEMA, Instant.parse("2026-01-01T00:00:00Z"),
        "p", List.of(), List.of(), tags, List.of(), new Totals(1, 5, 5, 0, 0, 0, 0, 0, 5, 5, 3),
        null, null, List.of(), "gc");
  }

  @Test
  void topListsTheTagsThatFreeTheMostThenSaysWhatIsLeftOut() throws Exception {
    String table = CleanupReports.table(manyTags(), 2);
    assertThat(table).contains("team/app    t5", "team/app    t4")
        .doesNotContain(" t3 ", " t2 ", " t1 ")
        .contains("3 more tags not shown (--top 2): 600 bytes (600 B) unique to them; the JSON"
            + " report lists every tag\n");
    assertThat(table.indexOf(" t5 ")).isLessThan(table.indexOf(" t4 "));
    String md = CleanupReports.markdown(manyTags(), 4);
    assertThat(md).contains("| team/app | t5 |", "| team/app | t2 |")
        .doesNotContain("| team/app | t1 |")
        .contains("\n1 more tag not shown (--top 4): 100 bytes (100 B) unique to them;");
    JsonNode json = new ObjectMapper().readTree(CleanupReports.json(manyTags()));
    assertThat(json.path("tags").size()).isEqualTo(5);
  }

  @Test
  void topAtOrAboveTheTagCountChangesNothing() {
    assertThat(CleanupReports.table(manyTags(), 5)).isEqualTo(CleanupReports.table(manyTags()));
    assertThat(CleanupReports.markdown(manyTags(), 99))
        .isEqualTo(CleanupReports.markdown(manyTags()));
  }

  private static CleanupReport tags(int count) {
    List<TagRow> tags = new java.util.ArrayList<>();
    for (int i = 1; i <= count; i++) {
      tags.add(new TagRow("r.io", "team/app", "t" + i, "sha256:" + "c".repeat(64), null,
          List.of(), null, 10L * i, 0, i, "image", "keep", "rule"));
    }
    return new CleanupReport(CleanupReport.SCHEMA, Instant.parse("2026-01-01T00:00:00Z"), "p",
        List.of(), List.of(new RepositoryRow("r.io", "team/app", count, 1, 0, 0, 0, 0)), tags,
        List.of(), new Totals(1, count, 1, 0, 0, 0, 0, 0, 0, 0, 3), null, null, List.of(), "gc");
  }

  @Test
  void htmlOfMoreThanAThousandTagsListsTheHundredThatFreeTheMost() {
    String html = CleanupReports.html(tags(1001));
    assertThat(html.split("<tr class=\"keep\">", -1)).hasSize(101);
    assertThat(html).contains("<td>t1001</td>", "<td>t902</td>").doesNotContain("<td>t901</td>")
        .contains("<p>1001 tags, more than 1000: the table lists the 100 whose deletion frees the"
            + " most (unique bytes); the 901 others hold 406351 bytes (396.8 KiB) unique to them."
            + " The repositories' totals above count every tag; the JSON report lists each.</p>")
        .contains("The chart shows the first 40 of 1001 tags.</p>");
  }

  @Test
  void htmlOfAThousandTagsListsEveryOne() {
    String html = CleanupReports.html(tags(1000));
    assertThat(html.split("<tr class=\"keep\">", -1)).hasSize(1001);
    assertThat(html).contains("the table lists all.").doesNotContain("more than 1000");
  }

  @Test
  void streamedJsonIsTheSameBytesAsTheWholeDocumentAndAsAPlainTreeWritesIt() throws Exception {
    for (CleanupReport r : List.of(report(), tags(1500))) {
      java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
      CleanupReports.json(r, streamed);
      String text = streamed.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(text).isEqualTo(CleanupReports.json(r));
      // the lazy tag list writes what a list of plain maps would
      Object plain = new ObjectMapper().readValue(text, java.util.LinkedHashMap.class);
      assertThat(text).isEqualTo(dev.slim.oci.JsonWriter.pretty(plain));
    }
  }

  @Test
  void tableWrittenToAWriterIsTheTableText() {
    java.io.StringWriter text = new java.io.StringWriter();
    CleanupReports.table(tags(1500), 10, new java.io.PrintWriter(text));
    assertThat(text.toString()).isEqualTo(CleanupReports.table(tags(1500), 10))
        .contains("1490 more tags not shown (--top 10)");
  }
}
