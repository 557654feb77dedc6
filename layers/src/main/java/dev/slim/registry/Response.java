package dev.slim.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.OptionalLong;

/** A registry's answer whose body has not been read yet. Reading or discarding closes it. */
final class Response {

  private static final int DRAIN_LIMIT = 64 * 1024;

  private final HttpResponse<InputStream> response;
  private boolean consumed;

  Response(HttpResponse<InputStream> response) {
    this.response = response;
  }

  int status() {
    return response.statusCode();
  }

  HttpHeaders headers() {
    return response.headers();
  }

  Optional<String> header(String name) {
    return response.headers().firstValue(name);
  }

  OptionalLong contentLength() {
    return response.headers().firstValueAsLong("Content-Length");
  }

  /** The URI the request went to, against which relative locations resolve. */
  URI uri() {
    return response.uri();
  }

  /**
   * The whole body, or {@code null} when it is longer than {@code limit} bytes.
   *
   * @throws IOException when the connection fails while reading
   */
  byte[] read(int limit) throws IOException {
    consumed = true;
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(limit + 1);
      return bytes.length > limit ? null : bytes;
    }
  }

  /** The body's first {@code limit} bytes, or nothing when reading fails. */
  byte[] readSome(int limit) {
    consumed = true;
    try (InputStream in = response.body()) {
      return in.readNBytes(limit);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** Reads and drops a small body so that the connection can be reused, then closes it. */
  void discard() {
    if (consumed) {
      return;
    }
    consumed = true;
    try (InputStream in = response.body()) {
      in.readNBytes(DRAIN_LIMIT);
    } catch (IOException e) {
      // Nothing to keep.
    }
  }
}
