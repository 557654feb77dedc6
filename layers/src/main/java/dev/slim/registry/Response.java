package dev.slim.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A registry's answer whose body has not been read yet. Reading or discarding closes it. */
final class Response {

  private static final int DRAIN_LIMIT = 64 * 1024;

  private final int status;
  private final Map<String, List<String>> headers;
  private final URI uri;
  private final InputStream body;
  private final Runnable onClose;
  private boolean consumed;

  Response(int status, Map<String, List<String>> headers, URI uri, InputStream body,
      Runnable onClose) {
    this.status = status;
    this.headers = headers;
    this.uri = uri;
    this.body = body;
    this.onClose = onClose;
  }

  int status() {
    return status;
  }

  /** Every value of a header (names are case-insensitive), in the order received. */
  List<String> headers(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /** The names of the headers received. */
  java.util.Set<String> headerNames() {
    return headers.keySet();
  }

  Optional<String> header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  OptionalLong contentLength() {
    try {
      return header("Content-Length").map(v -> OptionalLong.of(Long.parseLong(v.trim())))
          .orElse(OptionalLong.empty());
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The URI the request went to, against which relative locations resolve. */
  URI uri() {
    return uri;
  }

  /**
   * The whole body, or {@code null} when it is longer than {@code limit} bytes.
   *
   * @throws IOException when the connection fails while reading
   */
  byte[] read(int limit) throws IOException {
    consumed = true;
    try (InputStream in = body) {
      byte[] bytes = in.readNBytes(limit + 1);
      return bytes.length > limit ? null : bytes;
    } finally {
      onClose.run();
    }
  }

  /** The body's first {@code limit} bytes, or nothing when reading fails. */
  byte[] readSome(int limit) {
    consumed = true;
    try (InputStream in = body) {
      return in.readNBytes(limit);
    } catch (IOException e) {
      return new byte[0];
    } finally {
      onClose.run();
    }
  }

  /** The same answer with {@code bytes}, read from its body already, as its body. */
  Response withBody(byte[] bytes) {
    return new Response(status, headers, uri, new java.io.ByteArrayInputStream(bytes), () -> { });
  }

  /** The body as a stream that the caller reads and closes. */
  InputStream stream() {
    consumed = true;
    return new java.io.FilterInputStream(body) {
      private boolean closed;

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          try {
            super.close();
          } finally {
            onClose.run();
          }
        }
      }
    };
  }

  /** Reads and drops a small body so that the connection can be reused, then closes it. */
  void discard() {
    if (consumed) {
      return;
    }
    consumed = true;
    try (InputStream in = body) {
      in.readNBytes(DRAIN_LIMIT);
    } catch (IOException e) {
      // Nothing to keep.
    } finally {
      onClose.run();
    }
  }
}
