package dev.slim.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How long a request may take. Every request gives up when no answer comes for {@link #answer()}
 * (120 s unless {@value #VARIABLE} says otherwise), and when sending its body and getting the
 * answer's head takes longer than that plus one second per MiB of body (so an upload that
 * stalls is given up too, however large).
 *
 * @param answer how long to wait for any answer
 * @param minBytesPerSecond the slowest sending of a body waited for ({@link #MIN_BYTES_PER_SECOND}
 *     but in tests)
 */
record Timeouts(Duration answer, long minBytesPerSecond) {

  /** The environment variable that sets {@link #answer()}, in whole seconds. */
  static final String VARIABLE = "SLIM_REGISTRY_TIMEOUT";
  static final Duration DEFAULT = Duration.ofSeconds(120);
  /** The slowest upload rate waited for: 1 MiB/s. */
  static final long MIN_BYTES_PER_SECOND = 1024 * 1024;

  Timeouts {
    Objects.requireNonNull(answer, "answer");
    if (answer.isNegative() || answer.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + answer);
    }
    if (minBytesPerSecond < 1) {
      throw new IllegalArgumentException("rate must be positive: " + minBytesPerSecond);
    }
  }

  Timeouts(Duration answer) {
    this(answer, MIN_BYTES_PER_SECOND);
  }

  static Timeouts defaults() {
    return new Timeouts(DEFAULT);
  }

  /**
   * From {@value #VARIABLE} (whole seconds, 1 or more) when set, else the default.
   *
   * @throws IllegalArgumentException naming the variable when it is not such a number
   */
  static Timeouts fromEnvironment(Map<String, String> environment) {
    String value = environment.get(VARIABLE);
    if (value == null || value.isBlank()) {
      return defaults();
    }
    long seconds;
    try {
      seconds = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > 86_400) {
      throw new IllegalArgumentException(VARIABLE + "=" + value + " is not a number of seconds"
          + " from 1 to 86400");
    }
    return new Timeouts(Duration.ofSeconds(seconds));
  }

  /** The limit for sending a body of {@code bodyBytes} and receiving the answer's head. */
  Duration total(long bodyBytes) {
    long bytes = Math.max(0, bodyBytes);
    return answer.plusSeconds(bytes / minBytesPerSecond)
        .plusMillis(bytes % minBytesPerSecond * 1000 / minBytesPerSecond);
  }

  /** {@code 120 s}, for messages. */
  String describe() {
    long millis = answer.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
