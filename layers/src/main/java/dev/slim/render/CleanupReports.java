package dev.slim.render;

import dev.slim.cleanup.CleanupReport;
import dev.slim.cleanup.CleanupReport.Capabilities;
import dev.slim.cleanup.CleanupReport.RepositoryRow;
import dev.slim.cleanup.CleanupReport.Slimmable;
import dev.slim.cleanup.CleanupReport.TagRow;
import dev.slim.cleanup.CleanupReport.Totals;
import dev.slim.oci.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link CleanupReport}: a table for the terminal, JSON ({@value
 * CleanupReport#SCHEMA}), Markdown, and one self-contained HTML page (inline CSS and SVG, no
 * scripts, no fonts, nothing fetched; written by {@link CleanupHtml}).
 */
public final class CleanupReports {

  private CleanupReports() {}

  // ---- text ----------------------------------------------------------------------------------

  public static String table(CleanupReport r) {
    return table(r, TopTags.ALL);
  }

  /**
   * The table with at most {@code top} tag rows: those whose deletion frees the most (unique
   * bytes, largest first), then a line with how many more there are and their unique bytes.
   *
   * @throws IllegalArgumentException when {@code top} is less than 1
   */
  public static String table(CleanupReport r, int top) {
    StringWriter text = new StringWriter();
    table(r, top, new PrintWriter(text));
    return text.toString();
  }

  /**
   * Writes {@link #table(CleanupReport, int)} to {@code w} as it goes: the tag rows are formatted
   * twice (once for the columns' widths, once to write) rather than held, so a table of 100,000
   * tags costs no more memory than one of ten. Flushes {@code w}.
   */
  public static void table(CleanupReport r, int top, PrintWriter w) {
    TopTags listed = TopTags.of(r.tags(), top);
    StringBuilder out = new StringBuilder();
    out.append("policy: ").append(r.policy()).append('\n');
    for (Capabilities c : r.registries()) {
      out.append("registry ").append(c.registry()).append(": catalog ").append(yes(c.catalog()))
          .append(", delete ").append(yes(c.delete())).append(", referrers API ")
          .append(yes(c.referrers())).append('\n');
    }
    out.append('\n');
    w.append(out);
    out.setLength(0);
    String[] head = {"REPOSITORY", "TAG", "DIGEST", "PLATFORM", "CREATED", "SIZE", "SHARED",
        "UNIQUE", "VERDICT", "REASON"};
    int[] widths = new int[head.length];
    widen(widths, head);
    listed.shown().forEach(t -> widen(widths, cells(t)));
    line(w, widths, head);
    listed.shown().forEach(t -> line(w, widths, cells(t)));
    if (listed.more(top) != null) {
      out.append(listed.more(top)).append('\n');
    }
    out.append('\n');
    List<String[]> rows = new ArrayList<>();
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
    w.append(out);
    w.flush();
  }

  private static String[] cells(TagRow t) {
    return new String[] {t.repository(), t.tag(), Sizes.shortDigest(t.digest()),
        String.join(",", t.platforms()), t.created() == null ? "-" : t.created().toString(),
        Sizes.human(t.sizeBytes()), Sizes.human(t.sharedBytes()), Sizes.human(t.uniqueBytes()),
        t.verdict(), t.reason()};
  }

  private static void widen(int[] widths, String[] row) {
    for (int i = 0; i < row.length; i++) {
      widths[i] = Math.max(widths[i], row[i].length());
    }
  }

  /** One row as {@link CleanupSkips#columns} writes it. */
  private static void line(PrintWriter w, int[] widths, String[] row) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < row.length; i++) {
      line.append(row[i]);
      if (i < row.length - 1) {
        line.append(" ".repeat(widths[i] - row[i].length() + 2));
      }
    }
    w.append(line.toString().stripTrailing()).append('\n');
  }

  // ---- JSON ----------------------------------------------------------------------------------

  public static String json(CleanupReport r) {
    return JsonWriter.pretty(CleanupJson.tree(r));
  }

  /**
   * Writes the JSON report to {@code out} as it goes, the same bytes as {@link #json}: at 100,000
   * tags neither the rows' maps nor the text are held whole.
   */
  public static void json(CleanupReport r, OutputStream out) throws IOException {
    JsonWriter.pretty(CleanupJson.tree(r), out);
  }

  // ---- Markdown ------------------------------------------------------------------------------

  public static String markdown(CleanupReport r) {
    return markdown(r, TopTags.ALL);
  }

  /** The Markdown report with at most {@code top} tag rows, as {@link #table(CleanupReport, int)}. */
  public static String markdown(CleanupReport r, int top) {
    TopTags listed = TopTags.of(r.tags(), top);
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
    for (TagRow tag : listed.shown()) {
      out.append("| ").append(tag.repository()).append(" | ").append(md(tag.tag()))
          .append(" | `").append(Sizes.shortDigest(tag.digest())).append("` | ")
          .append(tag.created() == null ? "-" : tag.created().toString()).append(" | ")
          .append(Sizes.human(tag.sizeBytes())).append(" | ")
          .append(Sizes.human(tag.uniqueBytes())).append(" | ").append(tag.verdict())
          .append(" | ").append(md(tag.reason())).append(" |\n");
    }
    if (listed.more(top) != null) {
      out.append('\n').append(md(listed.more(top))).append('\n');
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
    return CleanupHtml.page(r);
  }

  private static String md(String s) {
    return s.replace("|", "\\|");
  }

  static String yes(Boolean b) {
    return b == null ? "unknown" : b ? "yes" : "no";
  }

  private static String bytes(long n) {
    return String.format(Locale.ROOT, "%d bytes (%s)", n, Sizes.human(n));
  }
}
