package dev.slim.push;

import dev.slim.image.LayerSink;
import dev.slim.oci.Descriptor;
import dev.slim.registry.BlobStream;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryClient.UploadResult;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The layers a push sends while they are compressed ({@link BlobStream}), so that a large
 * layer's upload overlaps its compression instead of following it. Only layers of at least
 * {@link #MIN_BYTES} are streamed: for a smaller one the overlap saves less than the session's
 * own requests cost.
 *
 * <p>A streamed layer's digest is known only at its end, so the HEAD that tells whether the
 * registry has the layer comes after the bytes, not before: a layer that was there already is
 * sent for nothing (its session is then cancelled) and still reported as reused. A stream that
 * failed in any way leaves its layer to the usual upload from the file, HEAD first.
 */
final class StreamedLayers implements LayerSink {

  /** Layers smaller than this (uncompressed) are not streamed. */
  static final long MIN_BYTES = 16L * 1024 * 1024;

  private final RegistryClient client;
  private final String repository;
  private final Map<String, BlobStream> finished = new ConcurrentHashMap<>();

  StreamedLayers(RegistryClient client, String repository) {
    this.client = client;
    this.repository = repository;
  }

  @Override
  public Stream open(long inputBytes) {
    if (inputBytes < MIN_BYTES) {
      return null;
    }
    BlobStream upload = client.streamBlob(repository);
    return new Stream() {
      @Override
      public void accept(byte[] bytes) {
        upload.write(bytes);
      }

      @Override
      public void finish(Descriptor blob) {
        upload.finish(blob.digest(), blob.size());
        finished.put(blob.digest(), upload);
      }

      @Override
      public void abort() {
        upload.abort();
      }
    };
  }

  /**
   * What the streamed upload of {@code digest} came to, once: empty when it was not streamed or
   * the stream failed (the caller then uploads it the usual way), and on every later call (a
   * manifest PUT that is retried checks its blobs again).
   */
  Optional<BlobStatus> take(String digest) throws InterruptedException {
    BlobStream upload = finished.remove(digest);
    if (upload == null) {
      return Optional.empty();
    }
    return upload.await().map(result -> result == UploadResult.EXISTED ? BlobStatus.REUSED
        : BlobStatus.UPLOADED);
  }
}
