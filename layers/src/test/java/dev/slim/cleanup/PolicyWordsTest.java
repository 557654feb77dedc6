package dev.slim.cleanup;

import static dev.slim.testing.Gens.longs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy in the words the report and its errors use: ages, orders, and what deletes. */
class PolicyWordsTest {

  private static final List<String> UNITS = List.of("s", "m", "h", "d", "w");
  private static final long[] SECONDS = {1, 60, 3600, 86400, 7 * 86400};

  @Test
  void anAgeIsWrittenInTheLargestUnitThatHoldsItExactly() {
    qt().forAll(longs(1, 999_999), longs(0, 4)).checkAssert((n, unit) -> {
      Duration age = Duration.ofSeconds(n * SECONDS[unit.intValue()]);
      String words = Policy.age(age);
      assertThat(Policy.parseAge(words)).isEqualTo(age);
      int used = UNITS.indexOf(words.substring(words.length() - 1));
      for (int larger = used + 1; larger < UNITS.size(); larger++) {
        assertThat(age.getSeconds() % SECONDS[larger]).as(words).isNotZero();
      }
    });
  }

  @Test
  void agesReadTheWayTheReportWritesThem() {
    assertThat(Policy.age(Duration.ZERO)).isEqualTo("0s");
    assertThat(Policy.age(Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(Policy.age(Duration.ofSeconds(60))).isEqualTo("1m");
    assertThat(Policy.age(Duration.ofSeconds(61))).isEqualTo("61s");
    assertThat(Policy.age(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Policy.age(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Policy.age(Duration.ofHours(25))).isEqualTo("25h");
    assertThat(Policy.age(Duration.ofDays(3))).isEqualTo("3d");
    assertThat(Policy.age(Duration.ofDays(14))).isEqualTo("2w");
    assertThat(Policy.age(Duration.ofDays(7).plusHours(1))).isEqualTo("169h");
  }

  @Test
  void onlyKeepLastOrOlderThanCanDeleteATag() {
    assertThat(Policy.keepAll().deletes()).isFalse();
    assertThat(Policy.keepAll().keepLatest()).isTrue();
    assertThat(new Policy(null, null, java.util.regex.Pattern.compile("v.*"), null,
        Set.of(), false).deletes()).isFalse();
    assertThat(new Policy(3, null, null, null, Set.of(), true).deletes()).isTrue();
    assertThat(new Policy(0, null, null, null, Set.of(), true).deletes()).isTrue();
    assertThat(new Policy(null, Duration.ofDays(1), null, null, Set.of(), true).deletes())
        .isTrue();
  }

  @Test
  void badPoliciesAreRefusedNamingTheFlag() {
    assertThatThrownBy(() -> new Policy(-1, null, null, null, Set.of(), true))
        .hasMessage("--keep-last must be 0 or more, not -1");
    assertThatThrownBy(() -> new Policy(null, Duration.ofSeconds(-1), null, null, Set.of(), true))
        .hasMessage("--older-than must not be negative");
    assertThatThrownBy(() -> new Policy(null, Duration.ofDays(1), null, null, Set.of(), true,
        Policy.Order.SEMVER))
        .hasMessage("--order semver ranks images for --keep-last: give --keep-last N too");
    assertThatThrownBy(() -> new Policy(1, null, null, null, Set.of("sha256:ABC"), true))
        .hasMessage("--protect \"sha256:ABC\" is not a digest (sha256: and 64 lowercase hex"
            + " digits)");
    assertThat(new Policy(1, Duration.ZERO, null, null, Set.of("sha256:" + "0".repeat(64)),
        true, Policy.Order.SEMVER).order()).isEqualTo(Policy.Order.SEMVER);
  }

  @Test
  void ordersAreReadInAnyCaseAndOthersAreNamed() {
    assertThat(Policy.Order.parse(" SemVer ")).isEqualTo(Policy.Order.SEMVER);
    assertThat(Policy.Order.parse("created")).isEqualTo(Policy.Order.CREATED);
    assertThatThrownBy(() -> Policy.Order.parse("newest"))
        .hasMessage("--order must be created or semver, not \"newest\"");
  }
}
