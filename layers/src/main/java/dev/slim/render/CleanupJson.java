package dev.slim.render;

import dev.slim.cleanup.CleanupReport;
import dev.slim.cleanup.CleanupReport.Capabilities;
import dev.slim.cleanup.CleanupReport.Deletion;
import dev.slim.cleanup.CleanupReport.RepositoryRow;
import dev.slim.cleanup.CleanupReport.Slimmable;
import dev.slim.cleanup.CleanupReport.TagRow;
import dev.slim.cleanup.CleanupReport.Totals;
import dev.slim.oci.JsonWriter;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON report ({@value CleanupReport#SCHEMA}) of {@link CleanupReports}. */
final class CleanupJson {

  private CleanupJson() {}

  /**
   * The report as a tree for {@link JsonWriter#pretty}; its {@code tags} list makes each row's
   * map when the writer asks for it, so a streamed report never holds every row's map at once.
   */
  static Map<String, Object> tree(CleanupReport r) {
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
    List<TagRow> rows = r.tags();
    json.put("tags", new AbstractList<Object>() {
      @Override
      public Object get(int i) {
        return tag(rows.get(i));
      }

      @Override
      public int size() {
        return rows.size();
      }
    });
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
    return json;
  }

  private static Map<String, Object> tag(TagRow tag) {
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
    return one;
  }
}
