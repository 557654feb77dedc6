package dev.slim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** The one size parser behind --max-size and slim.yaml's gates.maxSize: its laws. */
class ByteSizeTest {

  @Property
  void aPlainNumberIsBytes(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long n) {
    assertThat(ByteSize.parse(Long.toString(n))).isEqualTo(n);
    assertThat(ByteSize.parse(n + "B")).isEqualTo(n);
  }

  @Property
  void decimalUnitsAreThousands(@ForAll @LongRange(min = 0, max = 9_000_000) long n,
      @ForAll("decimalSpellings") String unitAndPower) {
    String[] parts = unitAndPower.split(":");
    long expected = n * BigInteger.valueOf(1000).pow(Integer.parseInt(parts[1])).longValueExact();
    assertThat(ByteSize.parse(n + parts[0])).as(n + parts[0]).isEqualTo(expected);
  }

  @Property
  void binaryUnitsArePowersOf1024(@ForAll @LongRange(min = 0, max = 8_000_000) long n,
      @ForAll("binarySpellings") String unitAndPower) {
    String[] parts = unitAndPower.split(":");
    long expected = n << (10 * Integer.parseInt(parts[1]));
    assertThat(ByteSize.parse(n + parts[0])).as(n + parts[0]).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> decimalSpellings() {
    return Arbitraries.of("KB:1", "kB:1", "kb:1", "k:1", "K:1", "MB:2", "mb:2", "M:2", "GB:3",
        "G:3", "gb:3", " MB:2");
  }

  @Provide
  Arbitrary<String> binarySpellings() {
    return Arbitraries.of("KiB:1", "kib:1", "Ki:1", "MiB:2", "Mi:2", "mib:2", "GiB:3", "Gi:3",
        " GiB:3");
  }

  @Property
  void formatIsReadBackAsTheSameBytes(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long n) {
    assertThat(ByteSize.parse(ByteSize.format(n))).isEqualTo(n);
  }

  @Property
  void formatOfWholeUnitsUsesTheUnit(@ForAll @LongRange(min = 1, max = 1000) long n) {
    assertThat(ByteSize.format(n * 1024 * 1024)).isEqualTo(n % 1024 == 0
        ? n / 1024 + "GiB" : n + "MiB");
    assertThat(ByteSize.format(n * 1_000_000)).isEqualTo(n % 1000 == 0
        ? n / 1000 + "GB" : n + "MB");
  }

  @Property
  void numbersTooBigForALongAreACleanError(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long extra) {
    String text = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(extra)).toString();
    assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is too large; the largest size is 9223372036854775807 bytes");
  }

  @Property
  void unitProductsThatOverflowAreACleanError(
      @ForAll @LongRange(min = 9_300_000L, max = Long.MAX_VALUE / 1000) long n) {
    assertThatThrownBy(() -> ByteSize.parse(n + "TB"))
        .hasMessage("'" + n + "TB' is too large; the largest size is 9223372036854775807 bytes");
  }

  @Example
  void fractionsCountWhenTheyMakeWholeBytes() {
    assertThat(ByteSize.parse("1.5GB")).isEqualTo(1_500_000_000L);
    assertThat(ByteSize.parse("1.5KiB")).isEqualTo(1536L);
    assertThatThrownBy(() -> ByteSize.parse("0.1KiB"))
        .hasMessage("'0.1KiB' is not a whole number of bytes (102.4)");
  }

  @Example
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

  @Example
  void yamlFileSizesAreTheSameAsTheFlags() throws Exception {
    String head = "apiVersion: slim/v1\nkind: Image\nbinary: c-musl-static\ngates:\n  maxSize: ";
    assertThat(read(head + "1000\n").maxSize()).isEqualTo(1000L);
    assertThat(read(head + "20MB\n").maxSize()).isEqualTo(20_000_000L);
    assertThatThrownBy(() -> read(head + "99999999999999999999\n")).hasMessage(
        "slim.yaml:5: property 'gates.maxSize': '99999999999999999999' is too large; the"
            + " largest size is 9223372036854775807 bytes");
  }

  @Property(tries = 200)
  void aWrittenMaxSizeIsReadBackAsTheSameBytes(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long bytes) throws Exception {
    SlimConfig config = configWith(bytes);
    SlimConfig read = read(ConfigFile.render(config, List.of()));
    assertThat(read.maxSize()).isEqualTo(bytes);
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
