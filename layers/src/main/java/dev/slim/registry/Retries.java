package dev.slim.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
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

  private Retries() {}

  /** A failure worth one more try: the connection dropped, not refused, not TLS, not a timeout. */
  static boolean isTransient(IOException e) {
    return Failures.cause(e, ConnectException.class) == null
        && Failures.cause(e, SSLException.class) == null
        && Failures.cause(e, SocketTimeoutException.class) == null
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
    return Math.max(0, Math.min(RegistryClient.MAX_WAIT_MILLIS, millis));
  }
}
