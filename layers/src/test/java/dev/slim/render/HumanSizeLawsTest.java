package dev.slim.render;

import static dev.slim.testing.Gens.longs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Laws of human sizes: a byte count of any size reads as what it is, never as a negative. */
class HumanSizeLawsTest {

  private static final List<String> UNITS = List.of("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB");

  @Test
  void theLargestSizesReadInExbibytes() {
    assertThat(Sizes.human(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    assertThat(Sizes.human(1L << 50)).isEqualTo("1.0 PiB");
    assertThat(Sizes.human((1L << 40) * 1023)).isEqualTo("1023.0 TiB");
  }

  @Test
  void aNumberThatRoundsTo1024MovesUpAUnit() {
    assertThat(Sizes.human(1048575)).isEqualTo("1.0 MiB");
    assertThat(Sizes.human(1048524)).isEqualTo("1023.9 KiB");
    assertThat(Sizes.human(1023)).isEqualTo("1023 B");
    qt().forAll(longs(0, 1L << 60)).checkAssert(bytes -> {
      String number = Sizes.human(bytes).split(" ")[0];
      assertThat(new BigDecimal(number)).as(Sizes.human(bytes))
          .isLessThan(BigDecimal.valueOf(1024));
    });
  }

  @Test
  void aNonNegativeSizeIsNonNegativeText() {
    qt().forAll(longs(0, Long.MAX_VALUE)).checkAssert(bytes -> {
      String text = Sizes.human(bytes);
      assertThat(text).doesNotStartWith("-");
      assertThat(value(text)).isNotNegative();
    });
  }

  @Test
  void theTextGrowsWithTheSize() {
    qt().forAll(longs(0, Long.MAX_VALUE), longs(0, Long.MAX_VALUE)).checkAssert((a, b) -> {
      long low = Math.min(a, b);
      long high = Math.max(a, b);
      assertThat(value(Sizes.human(low))).isLessThanOrEqualTo(value(Sizes.human(high)));
    });
  }

  @Test
  void theTextIsWithinATwentiethOfTheSize() {
    qt().forAll(longs(1, Long.MAX_VALUE)).checkAssert(bytes -> {
      BigDecimal shown = value(Sizes.human(bytes));
      BigDecimal exact = BigDecimal.valueOf(bytes);
      assertThat(shown.subtract(exact).abs())
          .isLessThanOrEqualTo(exact.divide(BigDecimal.valueOf(20)));
    });
  }

  /** The bytes a human size stands for: {@code 1.5 KiB} is 1536. */
  private static BigDecimal value(String text) {
    String[] parts = text.split(" ");
    assertThat(parts).hasSize(2);
    int unit = UNITS.indexOf(parts[1]);
    assertThat(unit).as(text).isNotNegative();
    return new BigDecimal(parts[0]).multiply(BigDecimal.valueOf(1024).pow(unit));
  }
}
