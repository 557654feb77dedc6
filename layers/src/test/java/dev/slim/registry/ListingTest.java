package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Listing}, one page at a time: what a page may be, how big, and when links loop. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ListingTest {

  private static final URI FIRST = URI.create("http://r.example/v2/app/tags/list?n=2");

  private static Listing listing(int limit) {
    return new Listing(FIRST, "tags", "tag list of app", limit);
  }

  private static InputStream page(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheNamesOfItsFieldOnlyEachOnce() throws IOException {
    Listing listing = listing(10);
    assertThat(listing.read(page("{\"name\":\"app\",\"other\":[\"x\"],\"meta\":{\"a\":[1]},"
        + "\"tags\":[\"a\",{\"odd\":1},[\"b\"],\"c\",\"a\"]}"), 1000)).isNull();
    assertThat(listing.names()).containsExactly("a", "c");
    assertThat(listing.full()).isFalse();
  }

  @Test
  void aPageMayBeExactlyTheLimitButNotOneByteMore() throws IOException {
    String json = "{\"tags\":[\"a\",\"b\"]}";
    assertThat(listing(10).read(page(json), json.length())).isNull();
    assertThat(listing(10).read(page(json + " "), json.length())).isNull();
    assertThat(listing(10).read(page("{\"tags\":[\"a\",\"b\",\"c\"]}"), json.length()))
        .isEqualTo("sent a page larger than " + json.length() + " bytes");
  }

  @Test
  void whatIsNotAnObjectWithAnArrayOfNamesIsNotJson() throws IOException {
    for (String bad : List.of("[\"a\"]", "<html>", "{\"tags\":[\"a\"", "{\"tags\":[\"a\"]",
        "", "\"tags\"")) {
      assertThat(listing(10).read(page(bad), 1000)).as(bad).isEqualTo("did not answer with JSON");
    }
  }

  @Test
  void stopsReadingOneNamePastTheLimit() throws IOException {
    Listing listing = listing(2);
    assertThat(listing.read(page("{\"tags\":[\"a\",\"b\",\"c\",\"d\"]}"), 1000)).isNull();
    assertThat(listing.names()).containsExactly("a", "b", "c");
    assertThat(listing.full()).isTrue();
  }

  @Test
  void aLinkLoopsWhenItRepeatsAPageOrALastOrBringsNothingNew() throws IOException {
    Listing listing = listing(100);
    listing.read(page("{\"tags\":[\"a\"]}"), 1000);
    assertThat(listing.loop(URI.create("http://r.example/v2/app/tags/list?n=2")))
        .isEqualTo("sends the tag list of app in a loop: page 1 links to"
            + " /v2/app/tags/list?n=2 again");
    assertThat(listing.loop(URI.create("http://r.example/v2/app/tags/list?n=2&last=a")))
        .isNull();
    listing.read(page("{\"tags\":[\"b\"]}"), 1000);
    assertThat(listing.loop(URI.create("http://r.example/v2/app/tags/list?last=a&x=1")))
        .isEqualTo("sends the tag list of app in a loop: page 2 asks again for the names"
            + " after \"a\"");
    listing.read(page("{\"tags\":[\"b\"]}"), 1000);
    assertThat(listing.loop(URI.create("http://r.example/v2/app/tags/list?page=3")))
        .isEqualTo("sends the tag list of app in a loop: page 3 brings no new name but links"
            + " to /v2/app/tags/list?page=3");
    listing.read(page("{\"tags\":[\"c\"]}"), 1000);
    assertThat(listing.loop(URI.create("http://r.example/v2/app/tags/more"))).isNull();
  }

  @Test
  void findsTheNextLinkWhereverItStandsAndHowEverItIsQuoted() {
    assertThat(Listing.nextLink(List.of("</a>; rel=\"prev\"", "</b>; REL=NEXT")))
        .contains("/b");
    assertThat(Listing.nextLink(List.of("</a>;rel=next, </b>; rel=\"prev\""))).contains("/a");
    assertThat(Listing.nextLink(List.of("</a>; rel=\"prev\"", "broken <no end"))).isEmpty();
    assertThat(Listing.nextLink(List.of())).isEmpty();
  }

  @Test
  void clipsLongNamesForMessages() {
    assertThat(Listing.clip("x".repeat(120))).isEqualTo("x".repeat(120));
    assertThat(Listing.clip("x".repeat(121))).isEqualTo("x".repeat(117) + "...");
  }
}
