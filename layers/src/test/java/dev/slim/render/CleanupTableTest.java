package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.cleanup.CleanupReport;
import dev.slim.cleanup.CleanupReport.Applied;
import dev.slim.cleanup.CleanupReport.Capabilities;
import dev.slim.cleanup.CleanupReport.RepositoryRow;
import dev.slim.cleanup.CleanupReport.Slimmable;
import dev.slim.cleanup.CleanupReport.TagRow;
import dev.slim.cleanup.CleanupReport.Totals;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole cleanup table and Markdown of a small report, written by hand from its input: two
 * tags (2048 and 500 bytes, 1024 of the first unique), 2548 bytes logical (2.49 KiB), 2048 stored.
 * Columns are as wide as their widest cell, two spaces apart, no trailing spaces.
 */
class CleanupTableTest {

  static final TagRow OLD = new TagRow("r.io", "team/app", "v1", "sha256:" + "a".repeat(64),
      "application/vnd.oci.image.manifest.v1+json", List.of("linux/amd64", "linux/arm64"),
      Instant.parse("2020-01-01T00:00:00Z"), 2048, 1024, 1024, "image", "delete",
      "older (--keep-last)");
  static final TagRow LATEST = new TagRow("r.io", "team/app", "latest",
      "sha256:" + "b".repeat(64), null, List.of(), null, 500, 0, 500, "image", "keep",
      "latest is always kept");

  static CleanupReport report(int manifests, Applied applied, List<Slimmable> slimmable) {
    return new CleanupReport(CleanupReport.SCHEMA, Instant.parse("2026-01-01T00:00:00Z"),
        "keep last 1", List.of(new Capabilities("r.io", true, false, null)),
        List.of(new RepositoryRow("r.io", "team/app", 2, 2, 2548, 2048, 1024, 1)),
        List.of(OLD, LATEST), List.of(),
        new Totals(1, 2, 2, 2548, 2048, 500, 1024, 0, 1, manifests, 7), applied, slimmable,
        List.of("a note"), "registry garbage-collect CONFIG");
  }

  private static final String HEAD = "policy: keep last 1\n"
      + "registry r.io: catalog yes, delete no, referrers API unknown\n"
      + "\n"
      + "REPOSITORY  TAG     DIGEST               PLATFORM                 CREATED        "
      + "       SIZE     SHARED   UNIQUE   VERDICT  REASON\n"
      + "team/app    v1      sha256:aaaaaaaaaaaa  linux/amd64,linux/arm64  2020-01-01T00:"
      + "00:00Z  2.0 KiB  1.0 KiB  1.0 KiB  delete   older (--keep-last)\n"
      + "team/app    latest  sha256:bbbbbbbbbbbb                           -              "
      + "       500 B    0 B      500 B    keep     latest is always kept\n"
      + "\n"
      + "REPOSITORY  TAGS  IMAGES  LOGICAL  STORED   RECLAIMABLE  DELETE TAGS\n"
      + "team/app    2     2       2.5 KiB  2.0 KiB  1.0 KiB      1\n"
      + "\n"
      + "logical:     2548 bytes (2.5 KiB) (the sum over tags, as registry UIs show)\n"
      + "stored:      2048 bytes (2.0 KiB) (distinct blobs; sharing saves 500 B)\n"
      + "reclaimable: 1024 bytes (1.0 KiB) freed after the registry's garbage collection\n"
      + "tags only:   0 bytes (0 B) in deleted images that kept images still use: tags"
      + " removed, nothing freed\n"
      + "delete:      1 of 2 tags, 1 manifest\n"
      + "requests:    7\n";

  @Test
  void theWholeTableOfAReportNotApplied() {
    assertThat(CleanupReports.table(report(1, null, List.of()))).isEqualTo(HEAD
        + "slimmable:   none: no image on a base runs a static binary (--deep)\n"
        + "note:        a note\n"
        + "next:        nothing was changed; --apply deletes, then run registry"
        + " garbage-collect CONFIG\n");
  }

  @Test
  void withoutDeletionsThereIsNoNextStepAndWithoutDeepNoSlimmableLine() {
    assertThat(CleanupReports.table(report(0, null, null)))
        .isEqualTo(HEAD.replace("1 of 2 tags, 1 manifest", "1 of 2 tags, 0 manifests")
            + "note:        a note\n");
  }

  @Test
  void anAppliedReportSaysWhatWasDeletedAndSkippedThenHowToFreeTheSpace() {
    Slimmable s = new Slimmable("r.io", "team/app", List.of("v1", "v2"),
        "sha256:" + "c".repeat(64), "/app", 10240, 2048, 8192);
    String done = CleanupReports.table(report(1, new Applied(true, List.of("team/app@sha256:a"),
        List.of("team/app@sha256:b: the tag moved")), List.of(s)));
    assertThat(done).isEqualTo(HEAD
        + "slimmable:   team/app:v1,v2 runs static /app: 10240 bytes (10.0 KiB) now, 2048 bytes"
        + " (2.0 KiB) with slim build\n"
        + "note:        a note\n"
        + "applied:     1 manifest deleted, 1 skipped\n"
        + "skipped:     team/app@sha256:b: the tag moved\n"
        + "next:        free the space: registry garbage-collect CONFIG\n");
    assertThat(CleanupReports.table(report(1, new Applied(true, List.of(), List.of()), null)))
        .endsWith("note:        a note\napplied:     0 manifests deleted, 0 skipped\n");
    assertThat(CleanupReports.table(report(1, new Applied(false, List.of(), List.of()), null)))
        .endsWith("note:        a note\napplied:     no: not confirmed, nothing deleted\n");
  }

  @Test
  void theTableReachesABufferedWriterWhole() {
    StringWriter text = new StringWriter();
    PrintWriter w = new PrintWriter(new BufferedWriter(text, 1 << 16));
    CleanupReports.table(report(1, null, List.of()), TopTags.ALL, w);
    assertThat(text.toString()).isEqualTo(CleanupReports.table(report(1, null, List.of())));
  }

  @Test
  void theWholeMarkdown() {
    Slimmable s = new Slimmable("r.io", "team/app", List.of("v1", "v|2"),
        "sha256:" + "c".repeat(64), "/app", 10240, 2048, 8192);
    assertThat(CleanupReports.markdown(report(1, null, List.of(s)))).isEqualTo(
        "### slim report\n\n"
            + "Policy: keep last 1\n\n"
            + "| | bytes | |\n|---|---:|---|\n"
            + "| logical (sum over tags) | 2548 | 2.5 KiB |\n"
            + "| stored (distinct blobs) | 2048 | 2.0 KiB |\n"
            + "| reclaimable after GC | 1024 | 1.0 KiB |\n"
            + "| tags removed only | 0 | 0 B |\n\n"
            + "| registry | catalog | delete | referrers API |\n|---|---|---|---|\n"
            + "| r.io | yes | no | unknown |\n"
            + "\n| repository | tags | images | logical | stored | reclaimable |\n"
            + "|---|---:|---:|---:|---:|---:|\n"
            + "| team/app | 2 | 2 | 2.5 KiB | 2.0 KiB | 1.0 KiB |\n"
            + "\n| repository | tag | digest | created | size | unique | verdict | reason |\n"
            + "|---|---|---|---|---:|---:|---|---|\n"
            + "| team/app | v1 | `sha256:aaaaaaaaaaaa` | 2020-01-01T00:00:00Z | 2.0 KiB | 1.0 KiB"
            + " | delete | older (--keep-last) |\n"
            + "| team/app | latest | `sha256:bbbbbbbbbbbb` | - | 500 B | 500 B | keep"
            + " | latest is always kept |\n"
            + "\n"
            + "| could be slimmed | entrypoint | now | with slim build |\n|---|---|---:|---:|\n"
            + "| team/app:v1,v\\|2 | /app | 10.0 KiB | 2.0 KiB |\n\n"
            + "- a note\n"
            + "\nRequests: 7. Free the space after deleting: `registry garbage-collect CONFIG`\n");
    assertThat(CleanupReports.markdown(report(1, null, List.of())))
        .doesNotContain("could be slimmed");
  }
}
