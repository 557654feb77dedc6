package dev.slim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code slim init} and {@code slim migrate} write: every property in the documented order,
 * and every value read back by {@link ConfigFile} as the same string. The expected texts below were
 * written by hand from the YAML rules, not taken from slim's output.
 */
class YamlWriterTest {

  @TempDir Path dir;

  private static SlimConfig everything(List<SlimConfig.Binary> binaries, boolean sbom,
      String sbomOutput) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MODE", "release");
    env.put("PRICE", "$5");
    return new SlimConfig(null, "reg.example/team/app:1", "scratch", binaries, "/app",
        List.of("serve", "8080"), env, Map.of("team", "core"),
        Map.of("org.opencontainers.image.url", "https://example.com"), List.of("8080", "53/udp"),
        "65532:65532", "/srv", "docker", "https://example.com/app.git", "abc123", 20L << 20,
        "out/r.json", "out/r.md", "out/d.txt", sbom, sbomOutput, List.of("no-ca-bundle"));
  }

  @Test
  void writesEveryPropertyInTheDocumentedOrder() {
    String yaml = ConfigFile.render(
        everything(List.of(new SlimConfig.Binary(null, "./app")), true, "out/sbom.json"),
        List.of("made by a test", ""));
    assertThat(yaml).isEqualTo("""
        # made by a test
        #
        apiVersion: slim/v1
        kind: Image
        image: reg.example/team/app:1
        base: scratch
        binary: ./app
        path: /app
        args:
          - serve
          - "8080"
        env:
          MODE: release
          PRICE: "$5"
        ports:
          - 8080
          - 53/udp
        user: "65532:65532"
        workdir: /srv
        labels:
          team: core
        annotations:
          org.opencontainers.image.url: https://example.com
        format: docker
        source: https://example.com/app.git
        revision: abc123
        gates:
          maxSize: 20MiB
        ignoreWarnings:
          - no-ca-bundle
        reports:
          json: out/r.json
          markdown: out/r.md
          digestFile: out/d.txt
        sbom:
          enabled: true
          output: out/sbom.json
        """);
  }

  @Test
  void aWrittenConfigWithEveryPropertyReadsBackTheSame() throws Exception {
    Files.writeString(dir.resolve("app"), "x");
    SlimConfig c = everything(List.of(new SlimConfig.Binary(null, "./app")), true,
        "out/sbom.json");
    SlimConfig back = ConfigFile.parse(ConfigFile.renderLiteral(c, List.of()), "slim.yaml", dir,
        Map.of());
    assertThat(back.inFolder(null)).isEqualTo(c);
  }

  @Test
  void literalTextDoublesEveryDollarSoNothingIsExpanded() throws Exception {
    String yaml = ConfigFile.renderLiteral(everything(List.of(), false, null), List.of());
    assertThat(yaml).contains("  PRICE: \"$$5\"\n").doesNotContain("binary").doesNotContain("sbom");
    assertThat(ConfigFile.render(everything(List.of(), false, null), List.of()))
        .contains("  PRICE: \"$5\"\n");
  }

  @Test
  void binariesForSeveralPlatformsAreAMapAndPlainOnesAList() {
    String yaml = ConfigFile.render(everything(List.of(new SlimConfig.Binary("linux/amd64", "a"),
        new SlimConfig.Binary(null, "b")), false, "s.json"), List.of());
    assertThat(yaml).contains("base: scratch\nbinaries:\n  linux/amd64: a\n  - b\npath: /app\n")
        .endsWith("sbom:\n  enabled: false\n  output: s.json\n");
    assertThat(ConfigFile.render(everything(List.of(new SlimConfig.Binary("linux/arm64", "a")),
        false, null), List.of())).contains("binaries:\n  linux/arm64: a\n");
  }

  @Test
  void onlyTheReportsThatAreSetAreWritten() {
    SlimConfig c = SlimConfig.of("./app");
    assertThat(ConfigFile.render(c.withReports(null, "r.md", null), List.of()))
        .endsWith("binary: ./app\nreports:\n  markdown: r.md\n");
    assertThat(ConfigFile.render(c.withReports(null, null, "d.txt"), List.of()))
        .endsWith("binary: ./app\nreports:\n  digestFile: d.txt\n");
    assertThat(ConfigFile.render(c, List.of()))
        .isEqualTo("apiVersion: slim/v1\nkind: Image\nbinary: ./app\n");
  }

  @Test
  void quotesAndEscapesWhatYamlCannotHoldPlain() {
    assertThat(YamlWriter.quote("say \"hi\" \\ now")).isEqualTo("\"say \\\"hi\\\" \\\\ now\"");
    assertThat(YamlWriter.quote("a\nb\tc")).isEqualTo("\"a\\nb\\tc\"");
    assertThat(YamlWriter.quote("\u0001\u001f \u007f\u009f\u00a0"))
        .isEqualTo("\"\\u0001\\u001f \\u007f\\u009f\u00a0\"");
    assertThat(YamlWriter.quote("\u2027\u2028\u2029\u202a"))
        .isEqualTo("\"\u2027\\u2028\\u2029\u202a\"");
    assertThat(YamlWriter.quote("\ufefe\ufeff\ufffd\ufffe\uffff"))
        .isEqualTo("\"\ufefe\\ufeff\ufffd\\ufffe\\uffff\"");
    assertThat(YamlWriter.quote("x\ud83d\ude00y")).isEqualTo("\"x\ud83d\ude00y\"");
    assertThat(YamlWriter.quote("lone \ud83d")).isEqualTo("\"lone \\ud83d\"");
    assertThat(YamlWriter.quote("\ud83d\ud83d\ude00")).isEqualTo("\"\\ud83d\ud83d\ude00\"");
    assertThat(YamlWriter.quote("low \ude00 end")).isEqualTo("\"low \\ude00 end\"");
  }

  @Test
  void aColonAtTheEndIsQuotedAndOneInsideStaysPlain() throws Exception {
    // ENV LD_LIBRARY_PATH=/usr/lib: in a migrated Dockerfile; plain, YAML reads "key:" there
    assertThat(YamlWriter.quote("/usr/lib:")).isEqualTo("\"/usr/lib:\"");
    assertThat(YamlWriter.quote("a:")).isEqualTo("\"a:\"");
    assertThat(YamlWriter.quote("/usr/lib:/lib")).isEqualTo("/usr/lib:/lib");
    assertThat(YamlWriter.quote("a")).isEqualTo("a");
  }

  @Test
  void commentsEscapeControlCharactersButNotQuotes() {
    String yaml = ConfigFile.render(SlimConfig.of("./app"),
        List.of("a \"b\" \\ c\td\ne", "end \ud83d"));
    assertThat(yaml).startsWith("# a \"b\" \\ c\\x0009d\\x000ae\n# end \\xd83d\napiVersion:");
  }

  @Test
  void numericPortsStayPlainAndOtherListValuesAreQuotedWhenNumberLike() {
    String yaml = ConfigFile.render(SlimConfig.of("./app").withImage(null, List.of("1.5", "yes"),
        Map.of(), Map.of(), List.of("80", "443/tcp"), null, null), List.of());
    assertThat(yaml).endsWith("args:\n  - \"1.5\"\n  - \"yes\"\nports:\n  - 80\n  - 443/tcp\n");
  }

  @Test
  void aSlimYamlOfExactlyTheLimitIsWrittenAndOneByteMoreIsRefused() throws Exception {
    SlimConfig small = SlimConfig.of("./app").withImage(null, List.of(), Map.of(),
        Map.of("pad", "a"), List.of(), null, null);
    int size = ConfigFile.renderLiteral(small, List.of()).length();
    String pad = "a".repeat(1 + YamlLoader.MAX_BYTES - size);
    SlimConfig atLimit = small.withImage(null, List.of(), Map.of(), Map.of("pad", pad),
        List.of(), null, null);
    assertThat(ConfigFile.renderLiteral(atLimit, List.of())).hasSize(YamlLoader.MAX_BYTES);
    SlimConfig over = small.withImage(null, List.of(), Map.of(), Map.of("pad", pad + "a"),
        List.of(), null, null);
    assertThatThrownBy(() -> ConfigFile.renderLiteral(over, List.of())).hasMessage(
        "the slim.yaml for this Dockerfile would be " + (YamlLoader.MAX_BYTES + 1) + " bytes;"
        + " a slim.yaml may have at most " + YamlLoader.MAX_BYTES + " (1 MiB): shorten the"
        + " values it carries (ENV, LABEL, CMD)");
  }
}
