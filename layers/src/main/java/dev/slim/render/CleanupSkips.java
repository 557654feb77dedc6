package dev.slim.render;

import dev.slim.cleanup.CleanupReport;
import dev.slim.cleanup.CleanupReport.Skipped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a cleanup report that {@link CleanupReports} lays out with its own tables: what
 * was skipped, in each format, and the column layout of the text tables.
 */
final class CleanupSkips {

  private CleanupSkips() {}

  /** {@code skipped:} lines for the table: the counts, then each item with its reason. */
  static void text(StringBuilder out, CleanupReport r) {
    if (r.skipped().isEmpty()) {
      return;
    }
    Reports.line(out, "skipped", repositories(r.totals().skippedRepositories()) + ", "
        + Sizes.count(r.totals().skippedTags(), "tag") + ": not read, not in the figures above");
    for (Skipped s : r.skipped()) {
      Reports.line(out, "skipped", s.name() + ": " + s.reason());
    }
  }

  /** {@code totals.skippedRepositories}, {@code totals.skippedTags} and {@code skipped}. */
  @SuppressWarnings("unchecked")
  static void json(Map<String, Object> json, CleanupReport r) {
    Map<String, Object> totals = (Map<String, Object>) json.get("totals");
    totals.put("skippedRepositories", r.totals().skippedRepositories());
    totals.put("skippedTags", r.totals().skippedTags());
    List<Object> rows = new ArrayList<>();
    for (Skipped s : r.skipped()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("registry", s.registry());
      one.put("repository", s.repository());
      one.put("tag", s.tag());
      one.put("reason", s.reason());
      rows.add(one);
    }
    json.put("skipped", rows);
  }

  static void markdown(StringBuilder out, CleanupReport r) {
    if (r.skipped().isEmpty()) {
      return;
    }
    out.append("\n| skipped | reason |\n|---|---|\n");
    for (Skipped s : r.skipped()) {
      out.append("| ").append(md(s.name())).append(" | ").append(md(s.reason())).append(" |\n");
    }
  }

  static void html(StringBuilder out, CleanupReport r) {
    if (r.skipped().isEmpty()) {
      return;
    }
    out.append("<h2>Skipped</h2>\n<p>").append(repositories(r.totals().skippedRepositories()))
        .append(" and ").append(Sizes.count(r.totals().skippedTags(), "tag"))
        .append(" could not be read.</p>\n<table><tr><th>skipped</th><th>reason</th></tr>\n");
    for (Skipped s : r.skipped()) {
      out.append("<tr><td>").append(CleanupHtml.esc(s.name())).append("</td><td>")
          .append(CleanupHtml.esc(s.reason())).append("</td></tr>\n");
    }
    out.append("</table>\n");
  }

  /** Rows as left-aligned columns two spaces apart, without trailing spaces. */
  static void columns(StringBuilder out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String repositories(int n) {
    return n + (n == 1 ? " repository" : " repositories");
  }

  private static String md(String s) {
    return s.replace("|", "\\|");
  }
}
