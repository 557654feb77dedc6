package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.config.ByteSize;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import picocli.CommandLine.TypeConversionException;

/** --max-size reads sizes exactly as slim.yaml does. */
class SizeConverterTest {

  private final SizeConverter converter = new SizeConverter();

  @Property
  void readsWhatTheLibraryReads(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long bytes) {
    assertThat(converter.convert(Long.toString(bytes))).isEqualTo(bytes);
    assertThat(converter.convert(ByteSize.format(bytes))).isEqualTo(bytes);
  }

  @Example
  void plainNumbersAreBytes() {
    assertThat(converter.convert("1000")).isEqualTo(1000L);
    assertThat(converter.convert("100000")).isEqualTo(100_000L);
    assertThat(converter.convert("20MB")).isEqualTo(20_000_000L);
    assertThat(converter.convert("20MiB")).isEqualTo(20L << 20);
  }

  @Example
  void zeroIsNoLimit() {
    assertThatThrownBy(() -> converter.convert("0KB"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'0KB' is no limit; give 1 byte or more");
  }
}
