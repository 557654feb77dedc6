package dev.slim.render;

import dev.slim.inspect.GoBuildInfo;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Reproducibility;
import dev.slim.inspect.Uses;
import dev.slim.oci.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders slim's results for people (text, Markdown) and for machines (JSON). */
public final class Reports {

  /** Identifies the build report's JSON layout; bump the version on incompatible changes. */
  public static final String BUILD_SCHEMA = "slim/build-report/v1";

  private Reports() {}

  // ---- inspect -------------------------------------------------------------------------------

  public static String inspectionText(Inspection i) {
    return inspectionText(i, null);
  }

  /**
   * @param uses what a Go binary uses at run time ({@link Uses#of}), or null when not known
   */
  public static String inspectionText(Inspection i, Uses uses) {
    StringBuilder out = new StringBuilder();
    line(out, "file", i.file() + " (" + i.fileSize() + " bytes, " + Sizes.human(i.fileSize()) + ")");
    line(out, "verdict", i.kind().label() + (i.isStatic() ? ": can run on scratch" : ""));
    if (i.message() != null && !i.isStatic()) {
      line(out, "why", i.message());
    }
    if (i.hint() != null) {
      line(out, "fix", i.hint());
    }
    if (i.format() != null) {
      line(out, "format", i.format());
    }
    if (i.platform() != null) {
      line(out, "platform", i.platform().toString());
    } else if (i.platformNote() != null) {
      line(out, "platform", "unknown: " + i.platformNote());
    }
    if (i.interpreter() != null) {
      line(out, "interpreter", i.interpreter());
    }
    if (!i.needed().isEmpty()) {
      line(out, "needs", String.join(", ", i.needed()));
    }
    if (i.format() != null) {
      line(out, "toolchain", i.toolchain().name().toLowerCase(Locale.ROOT));
      line(out, "stripped", i.stripped() ? "yes" : "no");
      if (i.debugBytes() > 0) {
        line(out, "debug info", i.debugBytes() + " bytes (" + Sizes.human(i.debugBytes()) + ")");
      }
      if (i.stripSavingBytes() > 0) {
        line(out, "strip saves", i.stripSavingBytes() + " bytes ("
            + Sizes.human(i.stripSavingBytes()) + ")"
            + (i.stripHint() == null ? "" : ": " + i.stripHint()));
      }
    }
    GoBuildInfo go = i.go();
    if (go != null) {
      line(out, "go", go.goVersion());
      if (go.path() != null) {
        line(out, "go path", go.path());
      }
      if (go.main() != null) {
        line(out, "go main", module(go.main()));
      }
      for (GoBuildInfo.Module dep : go.deps()) {
        line(out, "go dep", module(dep));
      }
      go.settings().forEach((k, v) -> line(out, "go build", k + "=" + v));
      if (i.goBuildId() != null) {
        line(out, "go build id", i.goBuildId());
      }
      Reproducibility r = Reproducibility.of(i);
      line(out, "reproducible", r.reproducible() ? "yes"
          : "no: " + String.join(", ", r.problems()));
    }
    if (uses != null && go != null) {
      List<String> needs = new ArrayList<>();
      if (uses.certificates()) {
        needs.add(uses.embeddedRoots() ? "crypto/x509 (embedded roots)"
            : "crypto/x509 (needs CA certificates: --base static)");
      }
      if (uses.timeZones()) {
        needs.add(uses.embeddedTzdata() ? "time.LoadLocation (embedded tzdata)"
            : "time.LoadLocation (needs zone files: --base static --tzdata)");
      }
      line(out, "uses", needs.isEmpty() ? "no CA certificates, no time zones" : String.join(", ",
          needs));
    }
    return out.toString();
  }

  private static String module(GoBuildInfo.Module m) {
    String text = m.path() + (m.version() == null || m.version().isEmpty() ? "" : " " + m.version());
    return m.replacement() == null ? text : text + " => " + module(m.replacement());
  }

  /** {@code key:} padded to 12 columns, then the value: the text reports' line format. */
  static void line(StringBuilder out, String key, String value) {
    Sizes.left(out, key + ":", 12).append(' ').append(value).append('\n');
  }

  public static String inspectionJson(Inspection i) {
    return inspectionJson(i, null);
  }

  /**
   * @param uses what a Go binary uses at run time ({@link Uses#of}), or null when not known
   */
  public static String inspectionJson(Inspection i, Uses uses) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("file", i.file().toString());
    json.put("size", i.fileSize());
    json.put("static", i.isStatic());
    json.put("kind", i.kind().label());
    json.put("message", i.message());
    json.put("hint", i.hint());
    json.put("format", i.format());
    json.put("platform", i.platform() == null ? null : i.platform().toString());
    json.put("platformNote", i.platformNote());
    json.put("interpreter", i.interpreter());
    json.put("needed", i.needed());
    json.put("toolchain", i.toolchain().name().toLowerCase(Locale.ROOT));
    json.put("stripped", i.stripped());
    json.put("debugBytes", i.debugBytes());
    json.put("stripSavingBytes", i.stripSavingBytes());
    json.put("stripHint", i.stripHint());
    json.put("go", i.go() == null ? null : go(i));
    if (uses != null) {
      Map<String, Object> used = null;
      if (i.go() != null) {
        used = new LinkedHashMap<>();
        used.put("certificates", uses.certificates());
        used.put("embeddedRoots", uses.embeddedRoots());
        used.put("timeZones", uses.timeZones());
        used.put("embeddedTzdata", uses.embeddedTzdata());
      }
      json.put("uses", used);
    }
    return toJson(json);
  }

  private static Map<String, Object> go(Inspection i) {
    GoBuildInfo go = i.go();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", go.goVersion());
    json.put("path", go.path());
    json.put("main", go.main() == null ? null : moduleJson(go.main()));
    List<Object> deps = new ArrayList<>();
    go.deps().forEach(d -> deps.add(moduleJson(d)));
    json.put("deps", deps);
    json.put("settings", go.settings());
    Reproducibility r = Reproducibility.of(i);
    json.put("buildId", r.buildId());
    json.put("trimpath", r.trimpath());
    json.put("vcsModified", r.vcsModified());
    json.put("reproducible", r.reproducible());
    return json;
  }

  private static Map<String, Object> moduleJson(GoBuildInfo.Module m) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("path", m.path());
    json.put("version", m.version());
    json.put("sum", m.sum());
    json.put("replacement", m.replacement() == null ? null : moduleJson(m.replacement()));
    return json;
  }

  // ---- build ---------------------------------------------------------------------------------

  /** The short table for people, written to stderr after a build. */
  public static String buildTable(BuildReport r) {
    StringBuilder out = new StringBuilder();
    out.append(OutcomeText.headline(r)).append('\n');
    OutcomeText.alsoTagged(out, r);
    out.append("digest  ").append(r.digest()).append("  ").append(r.platform()).append('\n');
    boolean multi = r.platforms().size() > 1;
    layerRow(out, multi, "PLATFORM", "LAYER", "COMPRESSED", "UNCOMPRESSED", "STATUS", "FROM",
        "HOLDS");
    for (PlatformImage p : r.platforms()) {
      List<LayerRow> rows = new ArrayList<>(p.layers());
      rows.add(p.config());
      for (LayerRow row : rows) {
        layerRow(out, multi, p.platform(), Sizes.shortDigest(row.digest()),
            Sizes.human(row.size()),
            row.uncompressedSize() == null ? "-" : Sizes.human(row.uncompressedSize()),
            row.status(), row.origin(), row.holds());
      }
    }
    out.append("size    ").append(Sizes.human(r.afterCompressed())).append(" compressed (")
        .append(r.afterCompressed()).append(" bytes), ").append(Sizes.human(r.afterUncompressed()))
        .append(" uncompressed")
        .append(multi ? ", " + r.platforms().size() + " platforms, shared blobs counted once" : "")
        .append('\n');
    out.append("before  ").append(before(r)).append('\n');
    OutcomeText.gates(out, r);
    if (r.outcome().status().equals(Outcome.PUSHED)) {
      out.append("upload  ").append(Sizes.human(r.uploadedBytes())).append(" uploaded, ")
          .append(Sizes.human(r.reusedBytes())).append(" reused, ")
          .append(Sizes.count(r.requests(), "request")).append('\n');
    } else if (r.outcome().status().equals(Outcome.NOT_PUSHED)) {
      out.append("upload  nothing uploaded (not pushed), ")
          .append(Sizes.count(r.requests(), "request")).append('\n');
    }
    for (String sbom : r.sbom()) {
      out.append("sbom    ").append(sbom).append('\n');
    }
    return out.toString();
  }

  /** One line of the layer table; the platform column only when the image has several. */
  private static void layerRow(StringBuilder out, boolean multi, String platform, String layer,
      String compressed, String uncompressed, String status, String from, String holds) {
    if (multi) {
      Sizes.left(out, platform, 14).append("  ");
    }
    Sizes.left(out, layer, 19).append("  ");
    Sizes.right(out, compressed, 10).append("  ");
    Sizes.right(out, uncompressed, 12).append("  ");
    Sizes.left(out, status, 8).append("  ");
    Sizes.left(out, from, 6).append("  ");
    out.append(holds).append('\n');
  }

  static String before(BuildReport r) {
    if (r.beforeCompressed() == null) {
      return r.baselineNote();
    }
    long before = r.beforeCompressed();
    long saved = r.savedBytes();
    String text = Sizes.human(before) + " compressed (" + r.baselineReference() + ")";
    if (before > 0 && r.afterCompressed() > 0) {
      if (saved > 0) {
        text += ": saved " + Sizes.human(saved) + ", " + Sizes.percent(100.0 * saved / before)
            + ", " + Sizes.factor((double) before / r.afterCompressed()) + " smaller";
      } else if (saved < 0) {
        text += ": grew by " + Sizes.human(-saved) + " (+" + Sizes.percent(-100.0 * saved / before)
            + ")";
      } else {
        text += ": the same size";
      }
    }
    return text;
  }

  public static String buildJson(BuildReport r) {
    return toJson(buildTree(r));
  }

  /** The build report's JSON as a tree: {@link #buildJson}, and one section of a run's. */
  static Map<String, Object> buildTree(BuildReport r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schema", BUILD_SCHEMA);
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("reference", r.reference());
    image.put("references", r.references());
    image.put("digest", r.digest());
    image.put("platform", r.platform());
    image.put("mediaType", r.mediaType());
    image.put("archive", r.archive());
    json.put("image", image);
    OutcomeText.json(json, r);

    Map<String, Object> after = new LinkedHashMap<>();
    after.put("compressed", r.afterCompressed());
    after.put("uncompressed", r.afterUncompressed());
    after.put("compressionLevel", r.compressionLevel());
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("reference", r.baselineReference());
    before.put("compressed", r.beforeCompressed());
    before.put("note", r.baselineNote());
    Map<String, Object> size = new LinkedHashMap<>();
    size.put("after", after);
    size.put("before", before);
    if (r.beforeCompressed() != null && r.beforeCompressed() > 0 && r.afterCompressed() > 0) {
      Map<String, Object> saved = new LinkedHashMap<>();
      saved.put("bytes", r.savedBytes());
      saved.put("percent", round(100.0 * r.savedBytes() / r.beforeCompressed()));
      saved.put("factor", round((double) r.beforeCompressed() / r.afterCompressed()));
      size.put("saved", saved);
    } else {
      size.put("saved", null);
    }
    json.put("size", size);

    List<Object> layers = new ArrayList<>();
    r.layers().forEach(l -> layers.add(row(l)));
    json.put("layers", layers);
    json.put("config", row(r.config()));
    List<Object> platforms = new ArrayList<>();
    for (PlatformImage p : r.platforms()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("platform", p.platform());
      one.put("digest", p.digest());
      one.put("compressed", p.compressedSize());
      List<Object> rows = new ArrayList<>();
      p.layers().forEach(l -> rows.add(row(l)));
      one.put("layers", rows);
      one.put("config", row(p.config()));
      platforms.add(one);
    }
    json.put("platforms", platforms);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("uploadedBytes", r.uploadedBytes());
    totals.put("reusedBytes", r.reusedBytes());
    totals.put("requests", r.requests());
    totals.put("durationMillis", r.durationMillis());
    json.put("totals", totals);
    json.put("sbom", r.sbom());
    return json;
  }

  private static Map<String, Object> row(LayerRow l) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("digest", l.digest());
    json.put("size", l.size());
    json.put("uncompressedSize", l.uncompressedSize());
    json.put("holds", l.holds());
    json.put("status", l.status());
    json.put("origin", l.origin());
    return json;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /** A Markdown summary that fits a CI job summary such as GITHUB_STEP_SUMMARY. */
  public static String buildMarkdown(BuildReport r) {
    StringBuilder out = new StringBuilder();
    out.append("### slim build: `").append(OutcomeText.shown(r)).append("`\n\n");
    OutcomeText.markdown(out, r);
    out.append("| | compressed | uncompressed |\n|---|---:|---:|\n");
    out.append("| after | ").append(Sizes.human(r.afterCompressed())).append(" (")
        .append(r.afterCompressed()).append(" B) | ").append(Sizes.human(r.afterUncompressed()))
        .append(" |\n");
    out.append("| before | ")
        .append(r.beforeCompressed() == null ? "-" : Sizes.human(r.beforeCompressed()) + " ("
            + r.beforeCompressed() + " B)")
        .append(" | - |\n\n");
    out.append("Baseline: ").append(before(r).replace("|", "\\|")).append("\n\n");
    out.append("| platform | layer | compressed | uncompressed | status | from | holds |\n"
        + "|---|---|---:|---:|---|---|---|\n");
    for (PlatformImage p : r.platforms()) {
      List<LayerRow> rows = new ArrayList<>(p.layers());
      rows.add(p.config());
      for (LayerRow row : rows) {
        out.append("| ").append(p.platform()).append(" | `")
            .append(Sizes.shortDigest(row.digest())).append("` | ")
            .append(Sizes.human(row.size())).append(" | ")
            .append(row.uncompressedSize() == null ? "-" : Sizes.human(row.uncompressedSize()))
            .append(" | ").append(row.status()).append(" | ").append(row.origin()).append(" | ")
            .append(row.holds().replace("|", "\\|")).append(" |\n");
      }
    }
    out.append("\nDigest: `").append(r.digest()).append("` (").append(r.platform()).append(")");
    if (r.outcome().status().equals(Outcome.PUSHED)) {
      out.append(", uploaded ").append(Sizes.human(r.uploadedBytes())).append(", reused ")
          .append(Sizes.human(r.reusedBytes()));
    }
    out.append("\n");
    for (String sbom : r.sbom()) {
      out.append("\nSBOM (SPDX 2.3): `").append(sbom.replace("`", "'")).append("`\n");
    }
    return out.toString();
  }

  private static String toJson(Object tree) {
    return JsonWriter.pretty(tree);
  }
}
