package dev.slim.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One paged listing ({@code tags/list} or {@code _catalog}) as it is read: names from each page
 * streamed into one ordered set until the caller's limit is passed, and the {@code Link} trail
 * checked for loops. A page is parsed token by token, so a page of a million names costs no more
 * memory than the names kept.
 */
final class Listing {

  private static final JsonFactory JSON = new JsonFactory();

  private final String field;
  private final String what;
  private final int limit;
  private final Set<String> names = new LinkedHashSet<>();
  private final Set<String> visited = new HashSet<>();
  private final Set<String> lasts = new HashSet<>();
  private int pages;
  private int before;

  /**
   * @param field {@code tags} or {@code repositories}
   * @param what the listing in words: {@code tag list of team/app}
   * @param limit names wanted; one more is read so that the caller sees there are more
   */
  Listing(URI first, String field, String what, int limit) {
    this.field = field;
    this.what = what;
    this.limit = limit;
    visited.add(ContentDigest.sha256(first.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Every name read so far, each once, in the registry's order. */
  Set<String> names() {
    return names;
  }

  /** Whether more names were read than the limit: the listing stops there. */
  boolean full() {
    return names.size() > limit;
  }

  /**
   * Reads one page's names, at most {@code maxBytes} of it; the stream is closed, unread, once
   * the limit is passed.
   *
   * @return what is wrong with the page, or null
   */
  String read(InputStream body, int maxBytes) throws IOException {
    pages++;
    before = names.size();
    Bounded in = new Bounded(body, maxBytes);
    boolean json;
    try (in; JsonParser parser = JSON.createParser(in)) {
      json = page(parser);
    } catch (StreamReadException e) {
      json = false;
    }
    return json ? null
        : in.over ? "sent a page larger than " + maxBytes + " bytes" : "did not answer with JSON";
  }

  private boolean page(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return false;
    }
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      boolean wanted = parser.currentName().equals(field);
      if (parser.nextToken() != JsonToken.START_ARRAY || !wanted) {
        parser.skipChildren();
        continue;
      }
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        if (t == null) {
          return false;
        }
        if (!t.isScalarValue()) {
          parser.skipChildren();
        } else if (names.add(parser.getText()) && full()) {
          return true;
        }
      }
    }
    return token == JsonToken.END_OBJECT;
  }

  /**
   * Why following {@code next} would go round in circles, or null when it goes on: it links to a
   * page already read, asks again for the names after a {@code last} it asked for before, or
   * follows a page that brought no new name.
   */
  String loop(URI next) {
    String link = next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
    if (!visited.add(ContentDigest.sha256(next.toString().getBytes(StandardCharsets.UTF_8)))) {
      return looping() + "page " + pages + " links to " + clip(link) + " again";
    }
    String last = last(next);
    if (last != null && !lasts.add(last)) {
      return looping() + "page " + pages + " asks again for the names after \"" + clip(last)
          + "\"";
    }
    if (names.size() == before) {
      return looping() + "page " + pages + " brings no new name but links to " + clip(link);
    }
    return null;
  }

  private String looping() {
    return "sends the " + what + " in a loop: ";
  }

  private static String last(URI uri) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String part : query.split("&")) {
      if (part.startsWith("last=")) {
        return URLDecoder.decode(part.substring(5), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Ends the stream, as if the JSON were cut off, after {@code max} bytes. */
  private static final class Bounded extends java.io.FilterInputStream {
    private long left;
    private boolean over;

    Bounded(InputStream in, int max) {
      super(in);
      this.left = max;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        over = super.read() >= 0;
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  /** The {@code rel="next"} target of {@code Link} headers. */
  static Optional<String> nextLink(List<String> headers) {
    for (String header : headers) {
      int start = 0;
      while (true) {
        int open = header.indexOf('<', start);
        int close = open < 0 ? -1 : header.indexOf('>', open);
        if (close < 0) {
          break;
        }
        int end = header.indexOf('<', close);
        String params = header.substring(close + 1, end < 0 ? header.length() : end);
        if (params.replace(" ", "").toLowerCase(Locale.ROOT).matches("(?s).*;rel=\"?next\"?.*")) {
          return Optional.of(header.substring(open + 1, close));
        }
        start = close + 1;
      }
    }
    return Optional.empty();
  }

  /** A name or link from the registry, shortened for a message. */
  static String clip(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }
}
