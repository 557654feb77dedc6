package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Backoff}, the gate every thread of a registry waits at after a 429/503, and the limits
 * of {@link Timeouts}. No test here measures time: they check what the gate says and that a
 * wait ends.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BackoffTest {

  @Test
  void aNewGateIsOpen() {
    assertThat(new Backoff().remainingMillis()).isZero();
  }

  @Test
  void aHoldClosesTheGateForAboutThatLong() {
    Backoff gate = new Backoff();
    gate.hold(60_000);
    assertThat(gate.remainingMillis()).isBetween(50_000L, 60_000L);
  }

  @Test
  void aShorterHoldNeverOpensAGateClosedForLonger() {
    Backoff gate = new Backoff();
    gate.hold(60_000);
    gate.hold(1_000);
    gate.hold(0);
    assertThat(gate.remainingMillis()).isGreaterThan(50_000L);

    gate.hold(120_000);
    assertThat(gate.remainingMillis()).isGreaterThan(110_000L);
  }

  @Test
  void aWaitEndsOnceTheGateOpens() throws InterruptedException {
    Backoff gate = new Backoff();
    gate.hold(50);
    gate.await();
    assertThat(gate.remainingMillis()).isZero();
  }

  @Test
  void aTimeoutIsAPositiveDurationAndARateAtLeastOneBytePerSecond() {
    assertThat(new Timeouts(Duration.ofMillis(1), 1).minBytesPerSecond()).isEqualTo(1);
    assertThatThrownBy(() -> new Timeouts(Duration.ofSeconds(1), 0))
        .hasMessage("rate must be positive: 0");
    assertThatThrownBy(() -> new Timeouts(Duration.ZERO))
        .hasMessage("timeout must be positive: PT0S");
    assertThatThrownBy(() -> new Timeouts(Duration.ofSeconds(-1)))
        .hasMessage("timeout must be positive: PT-1S");
  }

  @Test
  void theVariableTakesWholeSecondsFromOneToADay() {
    String variable = Timeouts.VARIABLE;
    assertThat(Timeouts.fromEnvironment(Map.of(variable, "1")).answer())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(Timeouts.fromEnvironment(Map.of(variable, " 86400 ")).answer())
        .isEqualTo(Duration.ofDays(1));
    assertThat(Timeouts.fromEnvironment(Map.of(variable, "  ")).answer())
        .isEqualTo(Timeouts.DEFAULT);
    for (String bad : new String[] {"0", "86401", "-3", "1.5"}) {
      assertThatThrownBy(() -> Timeouts.fromEnvironment(Map.of(variable, bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(variable + "=" + bad + " is not a number of seconds from 1 to 86400");
    }
  }

  @Test
  void aPartMibOfBodyGetsItsShareOfASecond() {
    Timeouts timeouts = new Timeouts(Duration.ofSeconds(10));
    assertThat(timeouts.total(1024 * 1024 + 512 * 1024)).isEqualTo(Duration.ofMillis(11_500));
    assertThat(timeouts.total(-5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(new Timeouts(Duration.ofSeconds(2), 1000).total(250))
        .isEqualTo(Duration.ofMillis(2_250));
  }

  @Test
  void describesWholeSecondsInSecondsAndTheRestInMilliseconds() {
    assertThat(new Timeouts(Duration.ofSeconds(120)).describe()).isEqualTo("120 s");
    assertThat(new Timeouts(Duration.ofMillis(2500)).describe()).isEqualTo("2500 ms");
    assertThat(new Timeouts(Duration.ofMillis(999)).describe()).isEqualTo("999 ms");
  }
}
