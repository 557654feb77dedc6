package dev.slim.render;

import dev.slim.oci.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a run of several builds: the JSON, the Markdown and the text summary. */
public final class ManyReports {

  /** Identifies the JSON layout of a run of several builds. */
  public static final String SCHEMA = "slim/build-reports/v1";

  private ManyReports() {}

  /** One section per image (its build report's JSON, or why there is none), then the totals. */
  public static String json(ManyReport r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schema", SCHEMA);
    List<Object> images = new ArrayList<>();
    for (ManyReport.Entry e : r.images()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("label", e.label());
      one.put("source", e.source());
      one.put("status", e.status());
      one.put("failure", e.failure());
      one.put("report", e.report() == null ? null : Reports.buildTree(e.report()));
      images.add(one);
    }
    json.put("images", images);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("images", r.images().size());
    totals.put("succeeded", r.succeeded());
    totals.put("failed", r.images().size() - r.succeeded());
    totals.put("uploadedBytes", r.uploadedBytes());
    totals.put("reusedBytes", r.reusedBytes());
    totals.put("savedBytes", r.savedBytes());
    totals.put("sessions", r.sessions());
    totals.put("requests", r.requests());
    totals.put("durationMillis", r.durationMillis());
    json.put("totals", totals);
    return JsonWriter.pretty(json);
  }

  /** A table of the images and the totals, then each image's own Markdown report. */
  public static String markdown(ManyReport r) {
    StringBuilder out = new StringBuilder();
    out.append("### slim build: ").append(Sizes.count(r.images().size(), "image")).append(", ")
        .append(r.succeeded()).append(" done, ").append(r.images().size() - r.succeeded())
        .append(" not\n\n");
    out.append("| image | outcome | compressed | uploaded | reused | saved |\n"
        + "|---|---|---:|---:|---:|---:|\n");
    for (ManyReport.Entry e : r.images()) {
      BuildReport b = e.report();
      out.append("| `").append(b == null ? e.label() : OutcomeText.shown(b)).append("` | ")
          .append(e.status()).append(b == null ? ": " + escape(e.failure()) : "").append(" | ")
          .append(b == null ? "-" : Sizes.human(b.afterCompressed())).append(" | ")
          .append(b == null ? "-" : Sizes.human(b.uploadedBytes())).append(" | ")
          .append(b == null ? "-" : Sizes.human(b.reusedBytes())).append(" | ")
          .append(b == null || b.savedBytes() == null ? "-" : Sizes.human(b.savedBytes()))
          .append(" |\n");
    }
    out.append("\n").append(totals(r)).append("\n");
    for (ManyReport.Entry e : r.images()) {
      if (e.report() != null) {
        out.append("\n").append(Reports.buildMarkdown(e.report()).replaceFirst("^### ", "#### "));
      }
    }
    return out.toString();
  }

  /**
   * The text summary on stderr after every image's own table: the totals, then one line per
   * image that was not pushed or written, saying why.
   */
  public static String summary(ManyReport r) {
    StringBuilder out = new StringBuilder();
    out.append(totals(r)).append('\n');
    for (ManyReport.Entry e : r.images()) {
      if (!e.succeeded()) {
        String why = e.report() != null ? e.report().outcome().reason() : e.failure();
        out.append(e.status()).append(": ").append(e.label())
            .append(e.label().equals(e.source()) ? "" : " (" + e.source() + ")").append(": ")
            .append(why).append('\n');
      }
    }
    return out.toString();
  }

  private static String totals(ManyReport r) {
    long notDone = r.images().size() - r.succeeded();
    return Sizes.count(r.images().size(), "image") + ": " + r.succeeded() + " done"
        + (notDone == 0 ? "" : ", " + notDone + " not") + "; uploaded "
        + Sizes.human(r.uploadedBytes()) + ", reused " + Sizes.human(r.reusedBytes())
        + (r.savedBytes() == null ? "" : ", saved " + Sizes.human(r.savedBytes())) + "; "
        + Sizes.count(r.requests(), "request") + " over "
        + Sizes.count(r.sessions(), "registry session") + "; "
        + Sizes.oneDecimal(r.durationMillis() / 1000.0) + " s";
  }

  private static String escape(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
