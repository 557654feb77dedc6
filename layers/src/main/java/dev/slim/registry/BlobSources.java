package dev.slim.registry;

import dev.slim.registry.RegistryClient.BlobSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** The kinds of {@link BlobSource} and how each becomes a request body of known length. */
final class BlobSources {

  private BlobSources() {}

  record FileSource(Path file) implements BlobSource {
    FileSource {
      Objects.requireNonNull(file, "file");
    }

    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(file);
    }
  }

  record BytesSource(byte[] bytes) implements BlobSource {
    BytesSource {
      Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(bytes);
    }
  }

  /**
   * A body of exactly {@code size} bytes, streamed from its source on every send.
   *
   * @throws IllegalArgumentException when a file or byte array is not {@code size} bytes long
   */
  static HttpBody body(BlobSource source, long size) throws IOException {
    if (source instanceof FileSource file) {
      long actual = Files.size(file.file());
      if (actual != size) {
        throw new IllegalArgumentException("blob file " + file.file() + " has " + actual
            + " bytes, not the declared " + size);
      }
    }
    if (source instanceof BytesSource bytes && bytes.bytes().length != size) {
      throw new IllegalArgumentException("blob has " + bytes.bytes().length
          + " bytes, not the declared " + size);
    }
    return HttpBody.of(source, size);
  }
}
