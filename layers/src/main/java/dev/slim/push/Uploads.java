package dev.slim.push;

import dev.slim.SlimException;
import dev.slim.registry.RegistryClient;
import dev.slim.registry.RegistryException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The blob uploads of a push, side by side, and the manifest PUTs that must wait for them.
 *
 * <p>A registry can answer a manifest PUT with {@code MANIFEST_BLOB_UNKNOWN} although every blob
 * was just uploaded (seen with concurrent pushes of one image to several tags: a race in the
 * registry). Such a PUT is retried once, after every blob of the manifest was checked again
 * (HEAD) and uploaded when really missing.
 */
final class Uploads {

  /** Blobs uploaded at once; registries limit concurrent uploads per client loosely. */
  private static final int MAX_UPLOADS = 4;

  /** One blob's upload: HEAD, then mount or upload when the registry lacks it. */
  @FunctionalInterface
  interface Upload {
    BlobStatus run() throws RegistryException, IOException, SlimException;
  }

  private Uploads() {}

  /**
   * Runs the uploads side by side, as docker does: a layer and the config (or the layers of
   * several platforms) need not wait for each other, only the manifests need them all.
   */
  static Map<String, BlobStatus> runAll(Map<String, Upload> uploads)
      throws RegistryException, IOException, SlimException {
    Map<String, BlobStatus> statuses = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.max(1, Math.min(MAX_UPLOADS, uploads.size())), r -> {
          Thread t = new Thread(r, "slim-upload");
          t.setDaemon(true);
          return t;
        });
    try {
      Map<String, Future<BlobStatus>> running = new LinkedHashMap<>();
      uploads.forEach((digest, upload) -> running.put(digest, pool.submit(upload::run)));
      for (Map.Entry<String, Future<BlobStatus>> upload : running.entrySet()) {
        statuses.put(upload.getKey(), await(upload.getValue()));
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Puts a manifest; on {@code MANIFEST_BLOB_UNKNOWN} runs its blobs' uploads again (each HEADs
   * first) and puts it once more. Blobs uploaded then are marked so in {@code statuses}.
   *
   * @param blobs the uploads of the manifest's config and layers, by digest
   */
  static String putManifest(RegistryClient client, String repository, String reference,
      byte[] manifest, String mediaType, Map<String, Upload> blobs,
      Map<String, BlobStatus> statuses) throws RegistryException, IOException, SlimException {
    try {
      return client.putManifest(repository, reference, manifest, mediaType);
    } catch (RegistryException e) {
      if (!e.hasCode("MANIFEST_BLOB_UNKNOWN")) {
        throw e;
      }
    }
    runAll(blobs).forEach((digest, status) -> {
      if (status == BlobStatus.UPLOADED) {
        statuses.put(digest, status);
      }
    });
    return client.putManifest(repository, reference, manifest, mediaType);
  }

  private static BlobStatus await(Future<BlobStatus> upload)
      throws RegistryException, IOException, SlimException {
    try {
      return upload.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RegistryException registry) {
        throw registry;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof SlimException slim) {
        throw slim;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("upload failed", cause);
    }
  }
}
