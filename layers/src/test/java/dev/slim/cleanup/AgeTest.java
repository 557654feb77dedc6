package dev.slim.cleanup;

import static dev.slim.testing.Gens.ints;
import static dev.slim.testing.Gens.longs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The laws of {@code --older-than AGE}: what 30d, 12h and 2w mean, and back. */
class AgeTest {

  @Test
  void eachUnitIsItsDuration() {
    qt().forAll(ints(0, 999_999)).checkAssert(n -> {
      assertThat(Policy.parseAge(n + "s")).isEqualTo(Duration.ofSeconds(n));
      assertThat(Policy.parseAge(n + "m")).isEqualTo(Duration.ofMinutes(n));
      assertThat(Policy.parseAge(n + "h")).isEqualTo(Duration.ofHours(n));
      assertThat(Policy.parseAge(n + "d")).isEqualTo(Duration.ofDays(n));
      assertThat(Policy.parseAge(n + "w")).isEqualTo(Duration.ofDays(7L * n));
    });
  }

  @Test
  void aWeekIsSevenDaysAndADayTwentyFourHours() {
    qt().forAll(ints(0, 41_666)).checkAssert(n -> {
      assertThat(Policy.parseAge(n + "w")).isEqualTo(Policy.parseAge(7 * n + "d"));
      assertThat(Policy.parseAge(n + "d")).isEqualTo(Policy.parseAge(24 * n + "h"));
    });
  }

  @Test
  void theShortestFormReadsBackAsTheSameAge() {
    qt().forAll(longs(0, 999_999)).checkAssert(seconds -> {
      Duration age = Duration.ofSeconds(seconds);
      assertThat(Policy.parseAge(Policy.age(age))).isEqualTo(age);
    });
  }

  @Test
  void aNumberWithoutAUnitOrTooLongIsRefusedCleanly() {
    qt().forAll(longs(0, Long.MAX_VALUE)).checkAssert(n -> {
      assertThatThrownBy(() -> Policy.parseAge(Long.toString(n)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30d");
      assertThatThrownBy(() -> Policy.parseAge(n + "0000000d"))
          .isInstanceOf(IllegalArgumentException.class);
    });
  }
}
