package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.cleanup.CleanupReport;
import dev.slim.cleanup.CleanupReport.Capabilities;
import dev.slim.cleanup.CleanupReport.Skipped;
import dev.slim.cleanup.CleanupReport.Totals;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a cleanup report skipped is in every format, with its reason, escaped where needed. */
class CleanupSkipsTest {

  private static CleanupReport report(List<Skipped> skipped) {
    return new CleanupReport(CleanupReport.SCHEMA, Instant.parse("2026-01-01T00:00:00Z"),
        "latest kept", List.of(new Capabilities("r.io", true, true, false)), List.of(),
        List.of(), List.of(), new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3,
            (int) skipped.stream().filter(s -> s.tag() == null).count(),
            (int) skipped.stream().filter(s -> s.tag() != null).count()),
        null, null, List.of(), "gc", skipped);
  }

  private static final List<Skipped> SKIPPED = List.of(
      new Skipped("r.io", "team/loop", null, "tag list not read: it loops"),
      new Skipped("r.io", "team/app", "<v1>", "manifest read failed: a | b"));

  @Test
  void theTableCountsAndListsEachSkippedItem() {
    assertThat(CleanupReports.table(report(SKIPPED))).contains(
        "skipped:     1 repository, 1 tag: not read, not in the figures above\n"
            + "skipped:     team/loop: tag list not read: it loops\n"
            + "skipped:     team/app:<v1>: manifest read failed: a | b\n");
  }

  @Test
  void jsonHasTheSkippedListAndItsCounts() throws Exception {
    JsonNode json = new ObjectMapper().readTree(CleanupReports.json(report(SKIPPED)));
    assertThat(json.path("totals").path("skippedRepositories").asInt()).isEqualTo(1);
    assertThat(json.path("totals").path("skippedTags").asInt()).isEqualTo(1);
    assertThat(json.path("skipped").get(0).path("tag").isNull()).isTrue();
    assertThat(json.path("skipped").get(1).path("tag").asText()).isEqualTo("<v1>");
    assertThat(json.path("skipped").get(1).path("reason").asText())
        .isEqualTo("manifest read failed: a | b");
  }

  @Test
  void markdownAndHtmlEscapeWhatTheRegistrySent() {
    assertThat(CleanupReports.markdown(report(SKIPPED)))
        .contains("| team/app:<v1> | manifest read failed: a \\| b |\n");
    assertThat(CleanupReports.html(report(SKIPPED)))
        .contains("<h2>Skipped</h2>\n<p>1 repository and 1 tag could not be read.</p>")
        .contains("<td>team/app:&lt;v1&gt;</td>").doesNotContain("<v1>");
  }

  @Test
  void nothingSkippedAddsNothingButTheZeroCounts() throws Exception {
    CleanupReport none = report(List.of());
    assertThat(CleanupReports.table(none)).doesNotContain("skipped");
    assertThat(CleanupReports.markdown(none)).doesNotContain("skipped");
    assertThat(CleanupReports.html(none)).doesNotContain("Skipped");
    JsonNode json = new ObjectMapper().readTree(CleanupReports.json(none));
    assertThat(json.path("skipped")).isEmpty();
    assertThat(json.path("totals").path("skippedTags").asInt()).isZero();
  }
}
