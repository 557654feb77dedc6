package dev.slim.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The base layers (slim's static base) that the images of one run share: each is compressed
 * once, by the first build that needs it, into the run's own folder; every other build waits for
 * that one and uses its blob. A key holds everything that decides the blob's bytes, the gzip level
 * included: builds at two levels share nothing. Thread-safe: the builds of a run go side by side.
 */
public final class LayerCache {

  /** A layer's compression, run by the first build that asks for it. */
  @FunctionalInterface
  interface Writer {
    BuiltLayer write(Path blobs) throws IOException;
  }

  private final Path blobs;
  private final Map<Object, CompletableFuture<BuiltLayer>> layers = new HashMap<>();

  /** @param blobs the run's folder for the shared blobs; created if missing */
  public LayerCache(Path blobs) throws IOException {
    this.blobs = Files.createDirectories(blobs);
  }

  /** The layer built under {@code key}, written now by {@code writer} when it is the first. */
  BuiltLayer get(Object key, Writer writer) throws IOException {
    CompletableFuture<BuiltLayer> mine = new CompletableFuture<>();
    CompletableFuture<BuiltLayer> existing;
    synchronized (layers) {
      existing = layers.putIfAbsent(key, mine);
    }
    if (existing == null) {
      try {
        BuiltLayer layer = writer.write(blobs);
        mine.complete(layer);
        return layer;
      } catch (IOException | RuntimeException e) {
        synchronized (layers) {
          layers.remove(key);
        }
        mine.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return existing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while another build compressed a shared layer", e);
    } catch (ExecutionException e) {
      // the other build failed (and its own report says why): this one writes the layer itself
      return writer.write(blobs);
    }
  }
}
