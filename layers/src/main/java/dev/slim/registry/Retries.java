package dev.slim.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/** When a failed request is worth another try, and how long to wait before it. */
final class Retries {

  /** Tries of a request answered 429/502/503/504, and upload sessions of one blob, in all. */
  static final int MAX_TRIES = 3;
  /** The longest wait before another try, whatever {@code Retry-After} says. */
  static final long MAX_WAIT_MILLIS = 10_000;

  private Retries() {}

  /**
   * Whether an answer {@code status} to try {@code tries} is waited out and sent again: 429 and
   * 503 (the registry is busy), and 502 and 504, which a load balancer or proxy in front of the
   * registry answers while the registry restarts or is slow: all four say to try later.
   */
  static boolean waitsAndRetries(int status, int tries) {
    return (status == 429 || status == 502 || status == 503 || status == 504)
        && tries < MAX_TRIES;
  }

  /**
   * A failure worth one more try: the connection dropped, or no answer came within the timeout
   * (a registry that stalled one request answers the next); not refused, not TLS, not a name
   * that does not resolve.
   */
  static boolean isTransient(IOException e) {
    return Failures.cause(e, ConnectException.class) == null
        && Failures.cause(e, SSLException.class) == null
        && Failures.cause(e, UnresolvedAddressException.class) == null
        && Failures.cause(e, UnknownHostException.class) == null;
  }

  /** How long to wait before try {@code tries + 1}: {@code Retry-After}, at most 10 s. */
  static long retryAfter(Response response, int tries) {
    long millis = tries * 1000L;
    Optional<String> header = response.header("Retry-After");
    if (header.isPresent()) {
      String value = header.get().trim();
      try {
        millis = Long.parseLong(value) * 1000L;
      } catch (NumberFormatException notSeconds) {
        try {
          ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
          millis = Duration.between(ZonedDateTime.now(when.getZone()), when).toMillis();
        } catch (DateTimeParseException notDate) {
          // Keep the default.
        }
      }
    }
    return Math.max(0, Math.min(MAX_WAIT_MILLIS, millis));
  }
}
