package dev.slim.config;

import static dev.slim.testing.Gens.longs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The one size parser behind --max-size and slim.yaml's gates.maxSize: its laws. */
class ByteSizeTest {

  @Test
  void aPlainNumberIsBytes() {
    qt().forAll(longs(0, Long.MAX_VALUE)).checkAssert(n -> {
      assertThat(ByteSize.parse(Long.toString(n))).isEqualTo(n);
      assertThat(ByteSize.parse(n + "B")).isEqualTo(n);
    });
  }

  @Test
  void decimalUnitsAreThousands() {
    qt().forAll(longs(0, 9_000_000), decimalSpellings()).checkAssert((n, unitAndPower) -> {
      String[] parts = unitAndPower.split(":");
      long expected = n * BigInteger.valueOf(1000).pow(Integer.parseInt(parts[1])).longValueExact();
      assertThat(ByteSize.parse(n + parts[0])).as(n + parts[0]).isEqualTo(expected);
    });
  }

  @Test
  void binaryUnitsArePowersOf1024() {
    qt().forAll(longs(0, 8_000_000), binarySpellings()).checkAssert((n, unitAndPower) -> {
      String[] parts = unitAndPower.split(":");
      long expected = n << (10 * Integer.parseInt(parts[1]));
      assertThat(ByteSize.parse(n + parts[0])).as(n + parts[0]).isEqualTo(expected);
    });
  }

  private static Gen<String> decimalSpellings() {
    return arbitrary().pick("KB:1", "kB:1", "kb:1", "k:1", "K:1", "MB:2", "mb:2", "M:2", "GB:3",
        "G:3", "gb:3", " MB:2");
  }

  private static Gen<String> binarySpellings() {
    return arbitrary().pick("KiB:1", "kib:1", "Ki:1", "MiB:2", "Mi:2", "mib:2", "GiB:3", "Gi:3",
        " GiB:3");
  }

  @Test
  void formatIsReadBackAsTheSameBytes() {
    qt().forAll(longs(0, Long.MAX_VALUE))
        .checkAssert(n -> assertThat(ByteSize.parse(ByteSize.format(n))).isEqualTo(n));
  }

  /** Every n from 1 to 1000: as few values as examples, so all of them, not a sample. */
  @Test
  void formatOfWholeUnitsUsesTheUnit() {
    for (long n = 1; n <= 1000; n++) {
      assertThat(ByteSize.format(n * 1024 * 1024)).as("%d MiB", n).isEqualTo(n % 1024 == 0
          ? n / 1024 + "GiB" : n + "MiB");
      assertThat(ByteSize.format(n * 1_000_000)).as("%d MB", n).isEqualTo(n % 1000 == 0
          ? n / 1000 + "GB" : n + "MB");
    }
  }

  @Test
  void numbersTooBigForALongAreACleanError() {
    qt().forAll(longs(1, Long.MAX_VALUE)).checkAssert(extra -> {
      String text = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(extra)).toString();
      assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'" + text + "' is too large; the largest size is 9223372036854775807 bytes");
    });
  }

  @Test
  void unitProductsThatOverflowAreACleanError() {
    qt().forAll(longs(9_300_000L, Long.MAX_VALUE / 1000)).checkAssert(n ->
        assertThatThrownBy(() -> ByteSize.parse(n + "TB")).hasMessage(
            "'" + n + "TB' is too large; the largest size is 9223372036854775807 bytes"));
  }

  @Test
  void fractionsCountWhenTheyMakeWholeBytes() {
    assertThat(ByteSize.parse("1.5GB")).isEqualTo(1_500_000_000L);
    assertThat(ByteSize.parse("1.5KiB")).isEqualTo(1536L);
    assertThatThrownBy(() -> ByteSize.parse("0.1KiB"))
        .hasMessage("'0.1KiB' is not a whole number of bytes (102.4)");
  }

  @Test
  void rejectsWhatIsNoSize() {
    for (String bad : List.of("", "big", "-5", "20i", "20 MiBs", "1e6", "20PB", "0x10", "MB")) {
      assertThatThrownBy(() -> ByteSize.parse(bad)).as(bad)
          .hasMessage("'" + bad + "' is not a size; allowed: bytes (1000000) or a number and a"
              + " unit: 500KB, 20MB, 20MiB, 1.5GB (KB, MB, GB, TB are powers of 1000; KiB, MiB,"
              + " GiB, TiB of 1024)");
    }
    String huge = "9".repeat(100_000);
    assertThatThrownBy(() -> ByteSize.parse(huge)).hasMessageEndingWith(
        "is too large; the largest size is 9223372036854775807 bytes");
  }

  @Test
  void yamlFileSizesAreTheSameAsTheFlags() throws Exception {
    String head = "apiVersion: slim/v1\nkind: Image\nbinary: c-musl-static\ngates:\n  maxSize: ";
    assertThat(read(head + "1000\n").maxSize()).isEqualTo(1000L);
    assertThat(read(head + "20MB\n").maxSize()).isEqualTo(20_000_000L);
    assertThatThrownBy(() -> read(head + "99999999999999999999\n")).hasMessage(
        "slim.yaml:5: property 'gates.maxSize': '99999999999999999999' is too large; the"
            + " largest size is 9223372036854775807 bytes");
  }

  @Test
  void aWrittenMaxSizeIsReadBackAsTheSameBytes() {
    qt().withExamples(200).forAll(longs(1, Long.MAX_VALUE)).checkAssert(bytes -> {
      SlimConfig config = configWith(bytes);
      SlimConfig read;
      try {
        read = read(ConfigFile.render(config, List.of()));
      } catch (Exception e) {
        throw new AssertionError("the rendered slim.yaml does not read back", e);
      }
      assertThat(read.maxSize()).isEqualTo(bytes);
    });
  }

  private static SlimConfig configWith(long maxSize) {
    SlimConfig c = SlimConfig.of("c-musl-static");
    return new SlimConfig(c.dir(), c.image(), c.base(), c.binaries(), c.path(), c.args(), c.env(),
        c.labels(), c.annotations(), c.ports(), c.user(), c.workdir(), c.format(), c.source(),
        c.revision(), maxSize, c.reportJson(), c.reportMarkdown(), c.digestFile(), c.sbom(),
        c.sbomOutput(), c.ignoreWarnings());
  }

  private static SlimConfig read(String yaml) throws Exception {
    Path fixtures = Path.of(System.getProperty("slim.fixtures", "../fixtures")).toAbsolutePath();
    return ConfigFile.parse(yaml, "slim.yaml", fixtures, Map.of());
  }
}
