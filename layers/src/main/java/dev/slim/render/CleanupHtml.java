package dev.slim.render;

import dev.slim.cleanup.CleanupReport;
import dev.slim.cleanup.CleanupReport.Capabilities;
import dev.slim.cleanup.CleanupReport.RepositoryRow;
import dev.slim.cleanup.CleanupReport.Slimmable;
import dev.slim.cleanup.CleanupReport.TagRow;
import dev.slim.cleanup.CleanupReport.Totals;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTML page of a cleanup report: one self-contained file with inline CSS and an inline SVG
 * chart, no scripts, no fonts, nothing fetched.
 */
final class CleanupHtml {

  /** Up to this many tags the page lists every one; past it, only the {@link #LARGEST}. */
  static final int EVERY_TAG_UP_TO = 1000;

  /** Tags listed on a page of more than {@link #EVERY_TAG_UP_TO}: those that free the most. */
  static final int LARGEST = 100;

  private CleanupHtml() {}

  /** One page with inline CSS and an inline SVG chart; readable from disk, without a server. */
  static String page(CleanupReport r) {
    Totals t = r.totals();
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>slim report</title><style>\n"
        + "body{font-family:system-ui,sans-serif;margin:24px;color:#1d2330}\n"
        + "table{border-collapse:collapse;margin:12px 0;font-size:13px}\n"
        + "th,td{border:1px solid #d0d5dd;padding:3px 8px;text-align:left}\n"
        + "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
        + "tr.delete td{background:#fdecea}tr.keep td{background:#eef8ee}\n"
        + ".cards{display:flex;gap:12px}.card{border:1px solid #d0d5dd;border-radius:6px;"
        + "padding:8px 14px}.card b{display:block;font-size:20px}\n"
        + ".stored{fill:#4a78c2}.reclaim{fill:#d9534f}svg text{font-size:12px}\n"
        + "</style></head><body>\n");
    out.append("<h1>slim report</h1>\n<p>Policy: ").append(esc(r.policy()))
        .append(". Generated ").append(esc(r.generated().toString())).append(", ")
        .append(Sizes.count(t.requests(), "request")).append(".</p>\n<div class=\"cards\">");
    card(out, "logical (sum over tags)", t.logicalBytes());
    card(out, "stored (distinct blobs)", t.storedBytes());
    card(out, "reclaimable after GC", t.reclaimableBytes());
    card(out, "tags removed only", t.tagsOnlyBytes());
    out.append("</div>\n<h2>Stored and reclaimable bytes</h2>\n");
    List<String[]> bars = new ArrayList<>();
    for (RepositoryRow p : r.repositories()) {
      bars.add(new String[] {"repo " + p.repository(), String.valueOf(p.storedBytes()),
          String.valueOf(p.reclaimableBytes())});
    }
    int shown = 0;
    for (TagRow tag : r.tags()) {
      if (shown++ >= 40) {
        break;
      }
      bars.add(new String[] {tag.repository() + ":" + tag.tag(), String.valueOf(tag.sizeBytes()),
          tag.deleted() ? String.valueOf(tag.uniqueBytes()) : "0"});
    }
    chart(out, bars);
    TopTags listed = TopTags.of(r.tags(),
        r.tags().size() > EVERY_TAG_UP_TO ? LARGEST : TopTags.ALL);
    if (r.tags().size() > 40) {
      out.append("<p>The chart shows the first 40 of ").append(r.tags().size())
          .append(listed.hidden() == 0 ? " tags; the table lists all.</p>\n"
              : " tags.</p>\n");
    }
    out.append("<h2>Registries</h2>\n<table><tr><th>registry</th><th>catalog</th><th>delete</th>"
        + "<th>referrers API</th></tr>\n");
    for (Capabilities c : r.registries()) {
      out.append("<tr><td>").append(esc(c.registry())).append("</td><td>").append(CleanupReports.yes(c.catalog()))
          .append("</td><td>").append(CleanupReports.yes(c.delete())).append("</td><td>")
          .append(CleanupReports.yes(c.referrers())).append("</td></tr>\n");
    }
    out.append("</table>\n<h2>Repositories</h2>\n<table><tr><th>repository</th><th>tags</th>"
        + "<th>images</th><th>logical</th><th>stored</th><th>reclaimable</th></tr>\n");
    for (RepositoryRow p : r.repositories()) {
      out.append("<tr><td>").append(esc(p.repository())).append("</td><td class=\"n\">")
          .append(p.tags()).append("</td><td class=\"n\">").append(p.images()).append("</td>");
      cell(out, p.logicalBytes());
      cell(out, p.storedBytes());
      cell(out, p.reclaimableBytes());
      out.append("</tr>\n");
    }
    out.append("</table>\n<h2>Tags</h2>\n<table><tr><th>repository</th><th>tag</th>"
        + "<th>digest</th><th>platform</th><th>created</th><th>size</th><th>shared</th>"
        + "<th>unique</th><th>verdict</th><th>reason</th></tr>\n");
    for (TagRow tag : listed.shown()) {
      out.append("<tr class=\"").append(tag.verdict()).append("\"><td>")
          .append(esc(tag.repository())).append("</td><td>").append(esc(tag.tag()))
          .append("</td><td><code>").append(esc(Sizes.shortDigest(tag.digest())))
          .append("</code></td><td>").append(esc(String.join(", ", tag.platforms())))
          .append("</td><td>").append(tag.created() == null ? "-" : esc(tag.created().toString()))
          .append("</td>");
      cell(out, tag.sizeBytes());
      cell(out, tag.sharedBytes());
      cell(out, tag.uniqueBytes());
      out.append("<td>").append(tag.verdict()).append("</td><td>").append(esc(tag.reason()))
          .append("</td></tr>\n");
    }
    out.append("</table>\n");
    if (listed.hidden() > 0) {
      out.append("<p>").append(r.tags().size()).append(" tags, more than ")
          .append(EVERY_TAG_UP_TO).append(": the table lists the ").append(LARGEST)
          .append(" whose deletion frees the most (unique bytes); the ").append(listed.hidden())
          .append(" others hold ").append(listed.hiddenUniqueBytes()).append(" bytes (")
          .append(esc(Sizes.human(listed.hiddenUniqueBytes()))).append(") unique to them. The"
              + " repositories' totals above count every tag; the JSON report lists each.</p>\n");
    }
    if (r.slimmable() != null && !r.slimmable().isEmpty()) {
      out.append("<h2>Could be slimmed</h2>\n<table><tr><th>image</th><th>entrypoint</th>"
          + "<th>now</th><th>with slim build</th></tr>\n");
      for (Slimmable x : r.slimmable()) {
        out.append("<tr><td>").append(esc(x.repository() + ":" + String.join(",", x.tags())))
            .append("</td><td>").append(esc(x.entrypoint())).append("</td>");
        cell(out, x.imageBytes());
        cell(out, x.slimBytes());
        out.append("</tr>\n");
      }
      out.append("</table>\n");
    }
    CleanupSkips.html(out, r);
    out.append("<ul>");
    for (String note : r.notes()) {
      out.append("<li>").append(esc(note)).append("</li>");
    }
    out.append("</ul>\n<p>Free the space after deleting: <code>").append(esc(r.gcCommand()))
        .append("</code></p>\n</body></html>\n");
    return out.toString();
  }

  private static void chart(StringBuilder out, List<String[]> bars) {
    long max = 1;
    for (String[] b : bars) {
      max = Math.max(max, Long.parseLong(b[1]));
    }
    int row = 22;
    int labelWidth = 280;
    int barWidth = 560;
    int height = bars.size() * row + 40;
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(labelWidth + barWidth
        + 160).append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\""
        + "stored and reclaimable bytes\">\n");
    int y = 10;
    for (String[] b : bars) {
      long stored = Long.parseLong(b[1]);
      long reclaim = Math.min(stored, Long.parseLong(b[2]));
      int w = (int) Math.max(1, Math.round((double) stored / max * barWidth));
      int rw = (int) Math.round((double) reclaim / max * barWidth);
      out.append("<text x=\"0\" y=\"").append(y + 14).append("\">").append(esc(clip(b[0])))
          .append("</text>");
      out.append("<rect class=\"stored\" x=\"").append(labelWidth).append("\" y=\"").append(y)
          .append("\" width=\"").append(w).append("\" height=\"16\"><title>stored ")
          .append(stored).append(" bytes</title></rect>");
      if (rw > 0) {
        out.append("<rect class=\"reclaim\" x=\"").append(labelWidth + w - rw).append("\" y=\"")
            .append(y).append("\" width=\"").append(rw).append("\" height=\"16\"><title>"
                + "reclaimable ").append(reclaim).append(" bytes</title></rect>");
      }
      out.append("<text x=\"").append(labelWidth + w + 6).append("\" y=\"").append(y + 13)
          .append("\">").append(esc(Sizes.human(stored)))
          .append(reclaim > 0 ? " (" + esc(Sizes.human(reclaim)) + " freed)" : "")
          .append("</text>\n");
      y += row;
    }
    out.append("<rect class=\"stored\" x=\"0\" y=\"").append(y + 6)
        .append("\" width=\"12\" height=\"12\"/><text x=\"18\" y=\"").append(y + 16)
        .append("\">stored</text><rect class=\"reclaim\" x=\"90\" y=\"").append(y + 6)
        .append("\" width=\"12\" height=\"12\"/><text x=\"108\" y=\"").append(y + 16)
        .append("\">reclaimable after garbage collection</text>\n</svg>\n");
  }

  private static String clip(String s) {
    return s.length() > 36 ? s.substring(0, 35) + "…" : s;
  }

  private static void card(StringBuilder out, String label, long bytes) {
    out.append("<div class=\"card\">").append(esc(label)).append("<b>")
        .append(esc(Sizes.human(bytes))).append("</b>").append(bytes).append(" bytes</div>");
  }

  private static void cell(StringBuilder out, long bytes) {
    out.append("<td class=\"n\" title=\"").append(bytes).append(" bytes\">")
        .append(esc(Sizes.human(bytes))).append("</td>");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
