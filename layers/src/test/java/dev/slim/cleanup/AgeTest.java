package dev.slim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The laws of {@code --older-than AGE}: what 30d, 12h and 2w mean, and back. */
class AgeTest {

  @Property
  void eachUnitIsItsDuration(@ForAll @IntRange(min = 0, max = 999_999) int n) {
    assertThat(Policy.parseAge(n + "s")).isEqualTo(Duration.ofSeconds(n));
    assertThat(Policy.parseAge(n + "m")).isEqualTo(Duration.ofMinutes(n));
    assertThat(Policy.parseAge(n + "h")).isEqualTo(Duration.ofHours(n));
    assertThat(Policy.parseAge(n + "d")).isEqualTo(Duration.ofDays(n));
    assertThat(Policy.parseAge(n + "w")).isEqualTo(Duration.ofDays(7L * n));
  }

  @Property
  void aWeekIsSevenDaysAndADayTwentyFourHours(@ForAll @IntRange(min = 0, max = 41_666) int n) {
    assertThat(Policy.parseAge(n + "w")).isEqualTo(Policy.parseAge(7 * n + "d"));
    assertThat(Policy.parseAge(n + "d")).isEqualTo(Policy.parseAge(24 * n + "h"));
  }

  @Property
  void theShortestFormReadsBackAsTheSameAge(
      @ForAll @LongRange(min = 0, max = 999_999) long seconds) {
    Duration age = Duration.ofSeconds(seconds);
    assertThat(Policy.parseAge(Policy.age(age))).isEqualTo(age);
  }

  @Property
  void aNumberWithoutAUnitOrTooLongIsRefusedCleanly(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long n) {
    assertThatThrownBy(() -> Policy.parseAge(Long.toString(n)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30d");
    assertThatThrownBy(() -> Policy.parseAge(n + "0000000d"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
