package dev.slim.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A request body of known length that can be sent more than once (retries send it again). */
interface HttpBody {

  HttpBody EMPTY = of(new byte[0]);

  long length();

  /** A new stream over the whole body. */
  InputStream open() throws IOException;

  /**
   * Copies the body in 256 KiB writes: the connection's stream stack costs per call, and
   * {@link InputStream#transferTo}'s 8 KiB made a 2 MB upload take 256 trips through it.
   */
  default void writeTo(OutputStream out) throws IOException {
    try (InputStream in = open()) {
      byte[] buffer = new byte[(int) Math.max(1, Math.min(length(), 256 * 1024))];
      long copied = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        copied += n;
      }
      if (copied != length()) {
        throw new IOException("body had " + copied + " bytes, not the declared " + length());
      }
    }
  }

  static HttpBody of(byte[] bytes) {
    return new HttpBody() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public InputStream open() {
        return new java.io.ByteArrayInputStream(bytes);
      }
    };
  }

  static HttpBody of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  static HttpBody of(RegistryClient.BlobSource source, long size) {
    return new HttpBody() {
      @Override
      public long length() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return source.open();
      }
    };
  }
}
