package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Response}: a body is read once, up to a limit, and its connection is released exactly
 * once whichever way it is consumed.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ResponseTest {

  private final AtomicInteger released = new AtomicInteger();

  private Response response(String body, String... headers) {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.length; i += 2) {
      map.computeIfAbsent(headers[i], n -> new java.util.ArrayList<>()).add(headers[i + 1]);
    }
    return new Response(200, map, URI.create("http://r.example/v2/"),
        new ByteArrayInputStream(body.getBytes()), released::incrementAndGet);
  }

  @Test
  void readsABodyUpToItsLimitAndNothingLonger() throws IOException {
    assertThat(response("12345").read(5)).isEqualTo("12345".getBytes());
    assertThat(response("123456").read(5)).isNull();
    assertThat(response("").read(0)).isEmpty();
    assertThat(released).hasValue(3);
  }

  @Test
  void readsSomeOfABodyAndKeepsWhatAFailedReadGave() {
    assertThat(response("123456").readSome(4)).isEqualTo("1234".getBytes());
    Response broken = new Response(500, new TreeMap<>(), URI.create("http://r.example/"),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("reset");
          }
        }, released::incrementAndGet);
    assertThat(broken.readSome(10)).isEmpty();
    assertThat(released).hasValue(2);
  }

  @Test
  void releasesTheConnectionOnceHoweverTheBodyEnds() throws IOException {
    Response read = response("abc");
    read.read(10);
    read.discard();
    assertThat(released).hasValue(1);

    Response discarded = response("abc");
    discarded.discard();
    discarded.discard();
    assertThat(released).hasValue(2);

    Response streamed = response("abc");
    InputStream in = streamed.stream();
    assertThat(in.readAllBytes()).isEqualTo("abc".getBytes());
    in.close();
    in.close();
    streamed.discard();
    assertThat(released).hasValue(3);
  }

  @Test
  void readsHeadersCaseInsensitivelyAndALengthOnlyWhenItIsANumber() {
    Response r = response("", "Content-Length", " 42 ", "Link", "<a>", "link", "<b>");
    assertThat(r.header("content-length")).contains(" 42 ");
    assertThat(r.contentLength()).hasValue(42);
    assertThat(r.headers("LINK")).containsExactly("<a>", "<b>");
    assertThat(r.headerNames()).containsExactlyInAnyOrder("Content-Length", "Link");
    assertThat(response("", "Content-Length", "many").contentLength()).isEmpty();
    assertThat(response("").contentLength()).isEmpty();
    assertThat(response("").header("Location")).isEmpty();
  }

  @Test
  void anAnswerGivenItsBodyBackKeepsStatusHeadersAndPlace() throws IOException {
    Response r = response("x", "Content-Type", "text/plain");
    Response again = r.withBody("said".getBytes());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.uri()).isEqualTo(r.uri());
    assertThat(again.header("content-type")).contains("text/plain");
    assertThat(again.read(100)).isEqualTo("said".getBytes());
  }
}
