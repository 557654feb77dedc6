package dev.slim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.slim.testing.Gens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Law: a slim.yaml that {@code slim init} or {@code slim migrate} writes reads back as the config
 * it was written from, for random configs: any text in arguments, environment, labels and
 * annotations (quotes, colons, '#', '$', leading blanks, YAML words like {@code yes} and {@code
 * null}, numbers, non-ASCII), any size limit, any subset of the optional properties.
 */
class YamlRoundTripPropertiesTest {

  @TempDir Path dir;

  /** Text that YAML would take for something else if written plain. */
  private static final String[] TRICKY = {"yes", "no", "null", "~", "true", "0x1F", "1e3", "08",
      "- a", "a: b", "#c", "'q'", "\"dq\"", " lead", "trail ", "a\tb", "${X}", "$$", "*ref",
      "&anchor", "!tag", "%d", "@at", "`tick`", "{}", "[]", "ü→✓", "", "-", ":", "?", "|", ">"};

  @Test
  void aWrittenConfigReadsBackTheSame() throws Exception {
    Files.writeString(dir.resolve("app"), "x");
    qt().withExamples(300).forAll(Gens.longs(0, Long.MAX_VALUE)).checkAssert(seed -> {
      SlimConfig written = random(new Random(seed));
      try {
        String text = ConfigFile.renderLiteral(written, List.of("written for seed " + seed));
        SlimConfig back = ConfigFile.parse(text, "slim.yaml", dir, Map.of());
        assertThat(back.inFolder(null)).as("seed %d:%n%s", seed, text).isEqualTo(written);
      } catch (dev.slim.SlimException e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    });
  }

  private static SlimConfig random(Random r) {
    List<SlimConfig.Binary> binaries = List.of(new SlimConfig.Binary(null, "./app"));
    return new SlimConfig(null,
        r.nextBoolean() ? "reg.example:5000/team/app-" + r.nextInt(1000) + ":v" + r.nextInt(9)
            : null,
        pick(r, null, "scratch", "static", "reg.example/base/alpine:3.20"),
        binaries,
        r.nextBoolean() ? "/usr/local/bin/app" + r.nextInt(10) : null,
        list(r, 4),
        map(r, "E"),
        map(r, "team.label"),
        map(r, "org.opencontainers.image.x"),
        r.nextBoolean() ? List.of(String.valueOf(1 + r.nextInt(65535)), (1 + r.nextInt(65535))
            + "/udp") : List.of(),
        pick(r, null, "65532:65532", "0", "1000:1000"),
        pick(r, null, "/", "/srv/app", "/data dir"),
        pick(r, null, "oci", "docker"),
        pick(r, null, "https://example.com/app.git", "git@example.com:team/app.git"),
        r.nextBoolean() ? Long.toHexString(r.nextLong()) : null,
        r.nextBoolean() ? (r.nextInt(4) == 0 ? Long.MAX_VALUE : 1 + (r.nextLong() >>> (1
            + r.nextInt(62)))) : null,
        pick(r, null, "out/report.json", "r.json"),
        pick(r, null, "out/report.md"),
        pick(r, null, "digests.txt"),
        r.nextBoolean(),
        pick(r, null, "out/sbom.spdx.json"),
        r.nextBoolean() ? List.of("no-ca-bundle") : List.of(),
        r.nextBoolean() ? List.of("v" + r.nextInt(9), "latest") : List.of(),
        r.nextBoolean() ? 1 + r.nextInt(9) : null);
  }

  private static String pick(Random r, String... values) {
    return values[r.nextInt(values.length)];
  }

  private static String text(Random r) {
    StringBuilder out = new StringBuilder();
    int parts = 1 + r.nextInt(3);
    for (int i = 0; i < parts; i++) {
      switch (r.nextInt(3)) {
        case 0 -> out.append(TRICKY[r.nextInt(TRICKY.length)]);
        case 1 -> out.append(r.nextInt(100_000));
        default -> {
          int length = r.nextInt(8);
          for (int j = 0; j < length; j++) {
            out.append((char) (0x20 + r.nextInt(0x5f)));
          }
        }
      }
    }
    return out.toString();
  }

  private static List<String> list(Random r, int max) {
    List<String> out = new ArrayList<>();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      out.add(text(r));
    }
    return out;
  }

  private static Map<String, String> map(Random r, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.put(prefix + "_" + i, text(r));
    }
    return out;
  }
}
