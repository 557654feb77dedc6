package dev.slim.cli;

import static dev.slim.testing.Gens.longs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.slim.config.ByteSize;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** --max-size reads sizes exactly as slim.yaml does. */
class SizeConverterTest {

  private final SizeConverter converter = new SizeConverter();

  @Test
  void readsWhatTheLibraryReads() {
    qt().forAll(longs(1, Long.MAX_VALUE)).checkAssert(bytes -> {
      assertThat(converter.convert(Long.toString(bytes))).isEqualTo(bytes);
      assertThat(converter.convert(ByteSize.format(bytes))).isEqualTo(bytes);
    });
  }

  @Test
  void plainNumbersAreBytes() {
    assertThat(converter.convert("1000")).isEqualTo(1000L);
    assertThat(converter.convert("100000")).isEqualTo(100_000L);
    assertThat(converter.convert("20MB")).isEqualTo(20_000_000L);
    assertThat(converter.convert("20MiB")).isEqualTo(20L << 20);
  }

  @Test
  void zeroIsNoLimit() {
    assertThatThrownBy(() -> converter.convert("0KB"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'0KB' is no limit; give 1 byte or more");
  }
}
