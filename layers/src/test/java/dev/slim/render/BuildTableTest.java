package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuildTableTest {

  private static final String LAYER =
      "sha256:1752ffeb2eae0000000000000000000000000000000000000000000000000000";
  private static final String CONFIG =
      "sha256:ddcee12f4f8f0000000000000000000000000000000000000000000000000000";

  @Test
  void pushedImageTable() {
    LayerRow layer = new LayerRow(LAYER, 2126477, 2863616L, "binary /app", "uploaded", "slim");
    LayerRow config = new LayerRow(CONFIG, 318, null, "image config", "uploaded", "slim");
    BuildReport report = new BuildReport("reg/app:1@sha256:ae6e", "sha256:ae6e", "linux/amd64",
        "application/vnd.oci.image.manifest.v1+json", null, 2126795, 2863934, null, null,
        "no baseline: nothing at reg/app:1 yet", List.of(layer), config, 8, 100,
        List.of(new PlatformImage("linux/amd64", "sha256:ae6e", 2126795, List.of(layer), config)));

    assertThat(Reports.buildTable(report)).isEqualTo("""
        pushed  reg/app:1@sha256:ae6e
        digest  sha256:ae6e  linux/amd64
        LAYER                COMPRESSED  UNCOMPRESSED  STATUS    FROM    HOLDS
        sha256:1752ffeb2eae     2.0 MiB       2.7 MiB  uploaded  slim    binary /app
        sha256:ddcee12f4f8f       318 B             -  uploaded  slim    image config
        size    2.0 MiB compressed (2126795 bytes), 2.7 MiB uncompressed
        before  no baseline: nothing at reg/app:1 yet
        upload  2.0 MiB uploaded, 0 B reused, 8 requests
        """);
  }

  @Test
  void severalPlatformsGetAPlatformColumn() {
    LayerRow amd = new LayerRow(LAYER, 1000, 2000L, "binary /app", "reused", "slim");
    LayerRow config = new LayerRow(CONFIG, 300, null, "image config", "reused", "slim");
    BuildReport report = new BuildReport("reg/app:1@sha256:ix", "sha256:ix",
        "linux/amd64,linux/arm64",
        "application/vnd.oci.image.index.v1+json", "build/app.tar", 2600, 4600, null, null,
        "no baseline", List.of(amd), config, 0, 100,
        List.of(new PlatformImage("linux/amd64", "sha256:a", 1300, List.of(amd), config),
            new PlatformImage("linux/arm64", "sha256:b", 1300, List.of(amd), config)));

    // the widths the table had when it was written with String.format
    String row = "%-14s  %-19s  %10s  %12s  %-8s  %-6s  %s%n";
    assertThat(Reports.buildTable(report))
        .contains(String.format(row, "PLATFORM", "LAYER", "COMPRESSED", "UNCOMPRESSED", "STATUS",
            "FROM", "HOLDS"))
        .contains(String.format(row, "linux/arm64", "sha256:1752ffeb2eae", "1000 B", "2.0 KiB",
            "reused", "slim", "binary /app"))
        .contains("size    2.5 KiB compressed (2600 bytes), 4.5 KiB uncompressed, 2 platforms,"
            + " shared blobs counted once\n").doesNotContain("upload  ");
  }

  private static BuildReport pushedWithBaseline(long before, long after, int requests) {
    LayerRow layer = new LayerRow(LAYER, after - 318, 2863616L, "binary /app", "reused", "slim");
    LayerRow config = new LayerRow(CONFIG, 318, null, "image config", "reused", "slim");
    return new BuildReport("reg/app:1@sha256:ae6e", "sha256:ae6e", "linux/amd64",
        "application/vnd.oci.image.manifest.v1+json", null, after, 2863934, "reg/app:0", before,
        "compared with reg/app:0", List.of(layer), config, requests, 100);
  }

  @Test
  void anImageLargerThanItsBaselineGrewAndSaysSoPlainly() {
    String table = Reports.buildTable(pushedWithBaseline(1_000_000, 1_911_000, 2));
    assertThat(table).contains("before  976.6 KiB compressed (reg/app:0): grew by 889.6 KiB"
        + " (+91.1%)\n").doesNotContain("saved").doesNotContain("smaller");
    assertThat(Reports.buildMarkdown(pushedWithBaseline(1_000_000, 1_911_000, 2)))
        .contains("grew by 889.6 KiB (+91.1%)");
  }

  @Test
  void aSmallerImageSavedAndAnEqualOneIsTheSameSize() {
    assertThat(Reports.buildTable(pushedWithBaseline(4_000_000, 1_000_000, 2)))
        .contains("): saved 2.9 MiB, 75.0%, 4.0x smaller\n");
    assertThat(Reports.buildTable(pushedWithBaseline(1_000_000, 1_000_000, 2)))
        .contains("(reg/app:0): the same size\n");
  }

  @Test
  void oneRequestIsSingular() {
    assertThat(Reports.buildTable(pushedWithBaseline(1, 1000, 1)))
        .contains(" reused, 1 request\n");
    assertThat(Reports.buildTable(pushedWithBaseline(1, 1000, 2)))
        .contains(" reused, 2 requests\n");
  }

  @Test
  void anImageAGateStoppedNeverReadsPushed() {
    BuildReport report = pushedWithBaseline(1, 5000, 3).withOutcome(new Outcome(
        Outcome.NOT_PUSHED, "gate max-size failed",
        List.of(GateResult.maxSize(null, 1000, 5000)), List.of()));
    String table = Reports.buildTable(report);
    assertThat(table).startsWith("image   reg/app:1 (not pushed: gate max-size failed)\n")
        .contains("gate    max-size: failed, 5000 bytes compressed, limit 1000 bytes\n")
        .contains("upload  nothing uploaded (not pushed), 3 requests\n")
        .doesNotContainPattern("(?<!not )pushed ");
    assertThat(Reports.buildMarkdown(report)).startsWith("### slim build: `reg/app:1`\n\n"
        + "**Not pushed**: gate max-size failed\n\n| gate | limit | actual | result |\n")
        .doesNotContain("uploaded");
    assertThat(Reports.buildJson(report)).contains("\"outcome\" : \"not pushed\"");
  }
}
