package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The human sizes and decimals of the reports at each unit's edge, negative ones included. */
class SizesEdgesTest {

  @Test
  void eachUnitStartsAtExactly1024OfTheOneBelow() {
    assertThat(Sizes.human(1023)).isEqualTo("1023 B");
    assertThat(Sizes.human(1024)).isEqualTo("1.0 KiB");
    assertThat(Sizes.human(-1023)).isEqualTo("-1023 B");
    assertThat(Sizes.human(-1024)).isEqualTo("-1.0 KiB");
    assertThat(Sizes.human(1024 * 1024)).isEqualTo("1.0 MiB");
    assertThat(Sizes.human(-1024 * 1024)).isEqualTo("-1.0 MiB");
    assertThat(Sizes.human(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
  }

  @Test
  void aNegativeValueThatRoundsToZeroKeepsItsSign() {
    assertThat(Sizes.oneDecimal(-0.04)).isEqualTo("-0.0");
    assertThat(Sizes.oneDecimal(-0.0)).isEqualTo("-0.0");
    assertThat(Sizes.oneDecimal(0.0)).isEqualTo("0.0");
    assertThat(Sizes.oneDecimal(0.04)).isEqualTo("0.0");
    assertThat(Sizes.oneDecimal(0.05)).isEqualTo("0.1");
    assertThat(Sizes.oneDecimal(Double.NaN)).isEqualTo("NaN");
    assertThat(Sizes.percent(-0.01)).isEqualTo("-0.0%");
  }
}
