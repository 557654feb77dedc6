package dev.slim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slim.cleanup.CleanupReport;
import dev.slim.cleanup.CleanupReport.Capabilities;
import dev.slim.cleanup.CleanupReport.Deletion;
import dev.slim.cleanup.CleanupReport.RepositoryRow;
import dev.slim.cleanup.CleanupReport.Slimmable;
import dev.slim.cleanup.CleanupReport.TagRow;
import dev.slim.cleanup.CleanupReport.Totals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link CleanupReport}: a table for the terminal, JSON ({@value
 * CleanupReport#SCHEMA}), Markdown, and one self-contained HTML page (inline CSS and SVG, no
 * scripts, no fonts, nothing fetched).
 */
public final class CleanupReports {

  private CleanupReports() {}

  // ---- text ----------------------------------------------------------------------------------

  public static String table(CleanupReport r) {
    StringBuilder out = new StringBuilder();
    out.append("policy: ").append(r.policy()).append('\n');
    for (Capabilities c : r.registries()) {
      out.append("registry ").append(c.registry()).append(": catalog ").append(yes(c.catalog()))
          .append(", delete ").append(yes(c.delete())).append(", referrers API ")
          .append(yes(c.referrers())).append('\n');
    }
    out.append('\n');
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"REPOSITORY", "TAG", "DIGEST", "PLATFORM", "CREATED", "SIZE",
        "SHARED", "UNIQUE", "VERDICT", "REASON"});
    for (TagRow t : r.tags()) {
      rows.add(new String[] {t.repository(), t.tag(), Sizes.shortDigest(t.digest()),
          String.join(",", t.platforms()), t.created() == null ? "-" : t.created().toString(),
          Sizes.human(t.sizeBytes()), Sizes.human(t.sharedBytes()),
          Sizes.human(t.uniqueBytes()), t.verdict(), t.reason()});
    }
    CleanupSkips.columns(out, rows);
    out.append('\n');
    rows = new ArrayList<>();
    rows.add(new String[] {"REPOSITORY", "TAGS", "IMAGES", "LOGICAL", "STORED", "RECLAIMABLE",
        "DELETE TAGS"});
    for (RepositoryRow p : r.repositories()) {
      rows.add(new String[] {p.repository(), String.valueOf(p.tags()), String.valueOf(p.images()),
          Sizes.human(p.logicalBytes()), Sizes.human(p.storedBytes()),
          Sizes.human(p.reclaimableBytes()), String.valueOf(p.deleteTags())});
    }
    CleanupSkips.columns(out, rows);
    Totals t = r.totals();
    out.append('\n');
    Reports.line(out, "logical", bytes(t.logicalBytes()) + " (the sum over tags, as registry UIs show)");
    Reports.line(out, "stored", bytes(t.storedBytes()) + " (distinct blobs; sharing saves "
        + Sizes.human(t.sharingSavedBytes()) + ")");
    Reports.line(out, "reclaimable", bytes(t.reclaimableBytes()) + " freed after the registry's garbage"
        + " collection");
    Reports.line(out, "tags only", bytes(t.tagsOnlyBytes()) + " in deleted images that kept images still"
        + " use: tags removed, nothing freed");
    Reports.line(out, "delete", t.deleteTags() + " of " + Sizes.count(t.tags(), "tag") + ", "
        + Sizes.count(t.deleteManifests(), "manifest"));
    Reports.line(out, "requests", String.valueOf(t.requests()));
    CleanupSkips.text(out, r);
    if (r.slimmable() != null) {
      if (r.slimmable().isEmpty()) {
        Reports.line(out, "slimmable", "none: no image on a base runs a static binary (--deep)");
      }
      for (Slimmable s : r.slimmable()) {
        Reports.line(out, "slimmable", s.repository() + ":" + String.join(",", s.tags()) + " runs "
            + "static " + s.entrypoint() + ": " + bytes(s.imageBytes()) + " now, "
            + bytes(s.slimBytes()) + " with slim build");
      }
    }
    for (String note : r.notes()) {
      Reports.line(out, "note", note);
    }
    if (r.applied() != null) {
      if (!r.applied().confirmed()) {
        Reports.line(out, "applied", "no: not confirmed, nothing deleted");
      } else {
        Reports.line(out, "applied", Sizes.count(r.applied().deleted().size(), "manifest")
            + " deleted, " + r.applied().skipped().size() + " skipped");
        r.applied().skipped().forEach(s -> Reports.line(out, "skipped", s));
        if (!r.applied().deleted().isEmpty()) {
          Reports.line(out, "next", "free the space: " + r.gcCommand());
        }
      }
    } else if (t.deleteManifests() > 0) {
      Reports.line(out, "next", "nothing was changed; --apply deletes, then run " + r.gcCommand());
    }
    return out.toString();
  }

  // ---- JSON ----------------------------------------------------------------------------------

  public static String json(CleanupReport r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schema", r.schema());
    json.put("generated", r.generated().toString());
    json.put("policy", r.policy());
    List<Object> registries = new ArrayList<>();
    for (Capabilities c : r.registries()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("registry", c.registry());
      one.put("catalog", c.catalog());
      one.put("delete", c.delete());
      one.put("referrers", c.referrers());
      registries.add(one);
    }
    json.put("registries", registries);
    Totals t = r.totals();
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("repositories", t.repositories());
    totals.put("tags", t.tags());
    totals.put("images", t.images());
    totals.put("logicalBytes", t.logicalBytes());
    totals.put("storedBytes", t.storedBytes());
    totals.put("sharingSavedBytes", t.sharingSavedBytes());
    totals.put("reclaimableBytes", t.reclaimableBytes());
    totals.put("tagsOnlyBytes", t.tagsOnlyBytes());
    totals.put("deleteTags", t.deleteTags());
    totals.put("deleteManifests", t.deleteManifests());
    totals.put("requests", t.requests());
    json.put("totals", totals);
    List<Object> repos = new ArrayList<>();
    for (RepositoryRow p : r.repositories()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("registry", p.registry());
      one.put("repository", p.repository());
      one.put("tags", p.tags());
      one.put("images", p.images());
      one.put("logicalBytes", p.logicalBytes());
      one.put("storedBytes", p.storedBytes());
      one.put("reclaimableBytes", p.reclaimableBytes());
      one.put("deleteTags", p.deleteTags());
      repos.add(one);
    }
    json.put("repositories", repos);
    List<Object> tags = new ArrayList<>();
    for (TagRow tag : r.tags()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("registry", tag.registry());
      one.put("repository", tag.repository());
      one.put("tag", tag.tag());
      one.put("digest", tag.digest());
      one.put("mediaType", tag.mediaType());
      one.put("platforms", tag.platforms());
      one.put("created", tag.created() == null ? null : tag.created().toString());
      one.put("sizeBytes", tag.sizeBytes());
      one.put("sharedBytes", tag.sharedBytes());
      one.put("uniqueBytes", tag.uniqueBytes());
      one.put("kind", tag.kind());
      one.put("verdict", tag.verdict());
      one.put("reason", tag.reason());
      tags.add(one);
    }
    json.put("tags", tags);
    List<Object> deletions = new ArrayList<>();
    for (Deletion d : r.deletions()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("registry", d.registry());
      one.put("repository", d.repository());
      one.put("digest", d.digest());
      one.put("tags", d.tags());
      one.put("kind", d.kind());
      deletions.add(one);
    }
    json.put("deletions", deletions);
    if (r.applied() == null) {
      json.put("applied", null);
    } else {
      Map<String, Object> applied = new LinkedHashMap<>();
      applied.put("confirmed", r.applied().confirmed());
      applied.put("deleted", r.applied().deleted());
      applied.put("skipped", r.applied().skipped());
      json.put("applied", applied);
    }
    if (r.slimmable() == null) {
      json.put("slimmable", null);
    } else {
      List<Object> slim = new ArrayList<>();
      for (Slimmable x : r.slimmable()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("registry", x.registry());
        one.put("repository", x.repository());
        one.put("tags", x.tags());
        one.put("digest", x.digest());
        one.put("entrypoint", x.entrypoint());
        one.put("imageBytes", x.imageBytes());
        one.put("slimBytes", x.slimBytes());
        one.put("savingBytes", x.savingBytes());
        slim.add(one);
      }
      json.put("slimmable", slim);
    }
    json.put("notes", r.notes());
    json.put("gcCommand", r.gcCommand());
    CleanupSkips.json(json, r);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  // ---- Markdown ------------------------------------------------------------------------------

  public static String markdown(CleanupReport r) {
    StringBuilder out = new StringBuilder("### slim report\n\n");
    Totals t = r.totals();
    out.append("Policy: ").append(md(r.policy())).append("\n\n");
    out.append("| | bytes | |\n|---|---:|---|\n");
    out.append("| logical (sum over tags) | ").append(t.logicalBytes()).append(" | ")
        .append(Sizes.human(t.logicalBytes())).append(" |\n");
    out.append("| stored (distinct blobs) | ").append(t.storedBytes()).append(" | ")
        .append(Sizes.human(t.storedBytes())).append(" |\n");
    out.append("| reclaimable after GC | ").append(t.reclaimableBytes()).append(" | ")
        .append(Sizes.human(t.reclaimableBytes())).append(" |\n");
    out.append("| tags removed only | ").append(t.tagsOnlyBytes()).append(" | ")
        .append(Sizes.human(t.tagsOnlyBytes())).append(" |\n\n");
    out.append("| registry | catalog | delete | referrers API |\n|---|---|---|---|\n");
    for (Capabilities c : r.registries()) {
      out.append("| ").append(c.registry()).append(" | ").append(yes(c.catalog())).append(" | ")
          .append(yes(c.delete())).append(" | ").append(yes(c.referrers())).append(" |\n");
    }
    out.append("\n| repository | tags | images | logical | stored | reclaimable |\n"
        + "|---|---:|---:|---:|---:|---:|\n");
    for (RepositoryRow p : r.repositories()) {
      out.append("| ").append(p.repository()).append(" | ").append(p.tags()).append(" | ")
          .append(p.images()).append(" | ").append(Sizes.human(p.logicalBytes())).append(" | ")
          .append(Sizes.human(p.storedBytes())).append(" | ")
          .append(Sizes.human(p.reclaimableBytes())).append(" |\n");
    }
    out.append("\n| repository | tag | digest | created | size | unique | verdict | reason |\n"
        + "|---|---|---|---|---:|---:|---|---|\n");
    for (TagRow tag : r.tags()) {
      out.append("| ").append(tag.repository()).append(" | ").append(md(tag.tag()))
          .append(" | `").append(Sizes.shortDigest(tag.digest())).append("` | ")
          .append(tag.created() == null ? "-" : tag.created().toString()).append(" | ")
          .append(Sizes.human(tag.sizeBytes())).append(" | ")
          .append(Sizes.human(tag.uniqueBytes())).append(" | ").append(tag.verdict())
          .append(" | ").append(md(tag.reason())).append(" |\n");
    }
    out.append('\n');
    if (r.slimmable() != null && !r.slimmable().isEmpty()) {
      out.append("| could be slimmed | entrypoint | now | with slim build |\n|---|---|---:|---:|\n");
      for (Slimmable x : r.slimmable()) {
        out.append("| ").append(x.repository()).append(':').append(md(String.join(",", x.tags())))
            .append(" | ").append(md(x.entrypoint())).append(" | ")
            .append(Sizes.human(x.imageBytes())).append(" | ").append(Sizes.human(x.slimBytes()))
            .append(" |\n");
      }
      out.append('\n');
    }
    CleanupSkips.markdown(out, r);
    for (String note : r.notes()) {
      out.append("- ").append(md(note)).append('\n');
    }
    out.append("\nRequests: ").append(t.requests()).append(". Free the space after deleting: `")
        .append(r.gcCommand()).append("`\n");
    return out.toString();
  }

  // ---- HTML ----------------------------------------------------------------------------------

  /** One page with inline CSS and an inline SVG chart; readable from disk, without a server. */
  public static String html(CleanupReport r) {
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
    if (r.tags().size() > 40) {
      out.append("<p>The chart shows the first 40 of ").append(r.tags().size())
          .append(" tags; the table lists all.</p>\n");
    }
    out.append("<h2>Registries</h2>\n<table><tr><th>registry</th><th>catalog</th><th>delete</th>"
        + "<th>referrers API</th></tr>\n");
    for (Capabilities c : r.registries()) {
      out.append("<tr><td>").append(esc(c.registry())).append("</td><td>").append(yes(c.catalog()))
          .append("</td><td>").append(yes(c.delete())).append("</td><td>")
          .append(yes(c.referrers())).append("</td></tr>\n");
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
    for (TagRow tag : r.tags()) {
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

  private static String md(String s) {
    return s.replace("|", "\\|");
  }

  private static String yes(Boolean b) {
    return b == null ? "unknown" : b ? "yes" : "no";
  }

  private static String bytes(long n) {
    return String.format(Locale.ROOT, "%d bytes (%s)", n, Sizes.human(n));
  }
}
