package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** {@link Retries}: which answers and failures are tried again, and how long to wait first. */
class RetriesTest {

  private static Response busy(String retryAfter) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (retryAfter != null) {
      headers.put("Retry-After", List.of(retryAfter));
    }
    return new Response(429, headers, URI.create("http://127.0.0.1:5000/v2/"),
        InputStream.nullInputStream(), () -> { });
  }

  @Test
  void waitsOutBusyAndGatewayAnswersUntilTheThirdTry() {
    for (int status : new int[] {429, 502, 503, 504}) {
      assertThat(Retries.waitsAndRetries(status, 1)).as("status %d", status).isTrue();
      assertThat(Retries.waitsAndRetries(status, 2)).as("status %d", status).isTrue();
      assertThat(Retries.waitsAndRetries(status, 3)).as("status %d", status).isFalse();
    }
    for (int status : new int[] {200, 400, 401, 403, 404, 500, 501, 505}) {
      assertThat(Retries.waitsAndRetries(status, 1)).as("status %d", status).isFalse();
    }
  }

  @Test
  void waitsAsManySecondsAsRetryAfterSaysButNoMoreThanTen() {
    assertThat(Retries.retryAfter(busy("3"), 1)).isEqualTo(3_000);
    assertThat(Retries.retryAfter(busy(" 0 "), 2)).isZero();
    assertThat(Retries.retryAfter(busy("60"), 1)).isEqualTo(10_000);
    assertThat(Retries.retryAfter(busy("-5"), 1)).isZero();
  }

  @Test
  void waitsUntilTheDateRetryAfterNamesButNoMoreThanTenSeconds() {
    DateTimeFormatter http = DateTimeFormatter.RFC_1123_DATE_TIME;
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    assertThat(Retries.retryAfter(busy(http.format(now.minusHours(1))), 1)).isZero();
    assertThat(Retries.retryAfter(busy(http.format(now.plusHours(1))), 1)).isEqualTo(10_000);
    assertThat(Retries.retryAfter(busy(http.format(now.plusSeconds(30).withNano(0))), 1))
        .isEqualTo(10_000);
  }

  @Test
  void waitsOneSecondMorePerTryWithoutAUsableRetryAfter() {
    assertThat(Retries.retryAfter(busy(null), 1)).isEqualTo(1_000);
    assertThat(Retries.retryAfter(busy(null), 2)).isEqualTo(2_000);
    assertThat(Retries.retryAfter(busy("soon"), 2)).isEqualTo(2_000);
  }

  @Test
  void triesAgainWhenAConnectionDroppedOrTimedOut() {
    assertThat(Retries.isTransient(new EOFException())).isTrue();
    assertThat(Retries.isTransient(new IOException("Connection reset"))).isTrue();
    assertThat(Retries.isTransient(new ConnectException("Connection refused"))).isFalse();
    assertThat(Retries.isTransient(new SSLHandshakeException("PKIX path"))).isFalse();
    assertThat(Retries.isTransient(new SocketTimeoutException("Read timed out"))).isTrue();
    assertThat(Retries.isTransient(new UnknownHostException("r.example"))).isFalse();
    assertThat(Retries.isTransient(new IOException(new ConnectException("refused")))).isFalse();
  }
}
