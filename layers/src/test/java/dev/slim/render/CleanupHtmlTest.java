package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.cleanup.CleanupReport;
import dev.slim.cleanup.CleanupReport.RepositoryRow;
import dev.slim.cleanup.CleanupReport.Slimmable;
import dev.slim.cleanup.CleanupReport.TagRow;
import dev.slim.cleanup.CleanupReport.Totals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTML page of {@link CleanupTableTest}'s report. The chart was worked out by hand: bars
 * 560 px for the largest (2048 bytes), 500 / 2048 * 560 = 136.7, so 137 px; half of 2048 is
 * reclaimable, 280 px at the bar's right end; rows 22 px apart from y = 10, labels at 280.
 */
class CleanupHtmlTest {

  private static String html() {
    return CleanupReports.html(CleanupTableTest.report(1, null, List.of()));
  }

  @Test
  void theChartHasOneBarPerRepositoryAndTagAndALegend() {
    String bar = "<rect class=\"stored\" x=\"280\" y=\"%d\" width=\"%d\" height=\"16\">"
        + "<title>stored %d bytes</title></rect>";
    String reclaim = "<rect class=\"reclaim\" x=\"560\" y=\"%d\" width=\"280\" height=\"16\">"
        + "<title>reclaimable 1024 bytes</title></rect>";
    assertThat(html()).contains("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\""
        + " height=\"106\" role=\"img\" aria-label=\"stored and reclaimable bytes\">\n"
        + "<text x=\"0\" y=\"24\">repo team/app</text>" + String.format(bar, 10, 560, 2048)
        + String.format(reclaim, 10) + "<text x=\"846\" y=\"23\">2.0 KiB (1.0 KiB freed)</text>\n"
        + "<text x=\"0\" y=\"46\">team/app:v1</text>" + String.format(bar, 32, 560, 2048)
        + String.format(reclaim, 32) + "<text x=\"846\" y=\"45\">2.0 KiB (1.0 KiB freed)</text>\n"
        + "<text x=\"0\" y=\"68\">team/app:latest</text>" + String.format(bar, 54, 137, 500)
        + "<text x=\"423\" y=\"67\">500 B</text>\n"
        + "<rect class=\"stored\" x=\"0\" y=\"82\" width=\"12\" height=\"12\"/>"
        + "<text x=\"18\" y=\"92\">stored</text>"
        + "<rect class=\"reclaim\" x=\"90\" y=\"82\" width=\"12\" height=\"12\"/>"
        + "<text x=\"108\" y=\"92\">reclaimable after garbage collection</text>\n</svg>\n");
  }

  @Test
  void cardsAndCellsGiveTheHumanSizeAndTheExactBytes() {
    assertThat(html()).contains("<p>Policy: keep last 1. Generated 2026-01-01T00:00:00Z,"
            + " 7 requests.</p>\n<div class=\"cards\">"
            + "<div class=\"card\">logical (sum over tags)<b>2.5 KiB</b>2548 bytes</div>"
            + "<div class=\"card\">stored (distinct blobs)<b>2.0 KiB</b>2048 bytes</div>"
            + "<div class=\"card\">reclaimable after GC<b>1.0 KiB</b>1024 bytes</div>"
            + "<div class=\"card\">tags removed only<b>0 B</b>0 bytes</div></div>\n")
        .contains("<tr><td>r.io</td><td>yes</td><td>no</td><td>unknown</td></tr>\n")
        .contains("<tr><td>team/app</td><td class=\"n\">2</td><td class=\"n\">2</td>"
            + "<td class=\"n\" title=\"2548 bytes\">2.5 KiB</td>"
            + "<td class=\"n\" title=\"2048 bytes\">2.0 KiB</td>"
            + "<td class=\"n\" title=\"1024 bytes\">1.0 KiB</td></tr>\n")
        .contains("<tr class=\"delete\"><td>team/app</td><td>v1</td>"
            + "<td><code>sha256:aaaaaaaaaaaa</code></td><td>linux/amd64, linux/arm64</td>"
            + "<td>2020-01-01T00:00:00Z</td>"
            + "<td class=\"n\" title=\"2048 bytes\">2.0 KiB</td>"
            + "<td class=\"n\" title=\"1024 bytes\">1.0 KiB</td>"
            + "<td class=\"n\" title=\"1024 bytes\">1.0 KiB</td>"
            + "<td>delete</td><td>older (--keep-last)</td></tr>\n")
        .contains("<tr class=\"keep\"><td>team/app</td><td>latest</td>"
            + "<td><code>sha256:bbbbbbbbbbbb</code></td><td></td><td>-</td>")
        .contains("<ul><li>a note</li></ul>\n<p>Free the space after deleting:"
            + " <code>registry garbage-collect CONFIG</code></p>\n</body></html>\n")
        .doesNotContain("Could be slimmed").doesNotContain("The chart shows");
  }

  @Test
  void imagesThatCouldBeSlimmedGetATable() {
    Slimmable s = new Slimmable("r.io", "team/app", List.of("v1", "v2"),
        "sha256:" + "c".repeat(64), "/app<x>", 10240, 2048, 8192);
    assertThat(CleanupReports.html(CleanupTableTest.report(1, null, List.of(s))))
        .contains("<h2>Could be slimmed</h2>\n<table><tr><th>image</th><th>entrypoint</th>"
            + "<th>now</th><th>with slim build</th></tr>\n"
            + "<tr><td>team/app:v1,v2</td><td>/app&lt;x&gt;</td>"
            + "<td class=\"n\" title=\"10240 bytes\">10.0 KiB</td>"
            + "<td class=\"n\" title=\"2048 bytes\">2.0 KiB</td></tr>\n</table>\n");
  }

  private static CleanupReport tags(List<String> names) {
    List<TagRow> tags = new ArrayList<>();
    for (String name : names) {
      tags.add(new TagRow("r.io", "r", name, "sha256:" + "d".repeat(64), null, List.of(), null,
          100, 0, 100, "image", "keep", "rule"));
    }
    return new CleanupReport(CleanupReport.SCHEMA, Instant.parse("2026-01-01T00:00:00Z"), "p",
        List.of(), List.of(new RepositoryRow("r.io", "r", names.size(), 1, 0, 0, 0, 0)), tags,
        List.of(), new Totals(1, names.size(), 1, 0, 0, 0, 0, 0, 0, 0, 1), null, null,
        List.of(), "gc");
  }

  @Test
  void labelsLongerThan36CharactersAreCut() {
    String fits = "x".repeat(34);
    String cut = "y".repeat(35);
    String html = CleanupReports.html(tags(List.of(fits, cut)));
    assertThat(html).contains(">r:" + fits + "</text>")
        .contains(">r:" + "y".repeat(33) + "…</text>").doesNotContain(">r:" + cut);
  }

  private static List<String> numbered(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      names.add("t" + i);
    }
    return names;
  }

  @Test
  void theChartShowsAtMost40TagsAndSaysSoOnlyPastThem() {
    String forty = CleanupReports.html(tags(numbered(40)));
    // one bar for the repository, one per tag, one in the legend
    assertThat(forty.split("<rect class=\"stored\"", -1)).hasSize(43);
    assertThat(forty).contains(">r:t40</text>").doesNotContain("The chart shows");
    String more = CleanupReports.html(tags(numbered(41)));
    assertThat(more.split("<rect class=\"stored\"", -1)).hasSize(43);
    assertThat(more).doesNotContain(">r:t41</text>")
        .contains("<p>The chart shows the first 40 of 41 tags; the table lists all.</p>\n");
  }
}
