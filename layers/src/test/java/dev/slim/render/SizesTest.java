package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sizes formats as String.format did, without java.util.Formatter. */
class SizesTest {

  @Test
  void roundsOneDecimalAsFormatterDoes() {
    double[] edges = {0, 0.05, 0.15, 0.25, 1.45, 1.05, 2.675, 9.95, 99.95, 1023.95, -0.05, -1.45,
        100.0, 33.333333, 66.666666, 1e9 + 0.05};
    for (double v : edges) {
      assertThat(Sizes.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
    }
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      double v = random.nextDouble() * Math.pow(10, random.nextInt(7))
          * (random.nextBoolean() ? 1 : -1);
      assertThat(Sizes.oneDecimal(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
    }
  }

  @Test
  void humanSizes() {
    assertThat(Sizes.human(0)).isEqualTo("0 B");
    assertThat(Sizes.human(318)).isEqualTo("318 B");
    assertThat(Sizes.human(2126795)).isEqualTo("2.0 MiB");
    assertThat(Sizes.human(1536)).isEqualTo("1.5 KiB");
    assertThat(Sizes.percent(81.25)).isEqualTo("81.3%");
    assertThat(Sizes.factor(5.34)).isEqualTo("5.3x");
  }

  @Test
  void padsAsFormatWidthsDo() {
    for (String text : new String[] {"", "abc", "exactly-ten", "longer than the width"}) {
      assertThat(Sizes.left(new StringBuilder(), text, 10).toString())
          .isEqualTo(String.format(Locale.ROOT, "%-10s", text));
      assertThat(Sizes.right(new StringBuilder(), text, 10).toString())
          .isEqualTo(String.format(Locale.ROOT, "%10s", text));
    }
  }
}
