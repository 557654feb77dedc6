package dev.slim.push;

import dev.slim.image.Progress;
import dev.slim.oci.Descriptor;
import dev.slim.registry.RegistryClient.BlobSource;

/**
 * A blob's progress in the words of what happened to it. "uploading" is said only once bytes
 * are on their way (when the upload opens the source), never for a blob the registry turns out
 * to have, which is "reused"; then "uploaded" or "mounted".
 */
final class BlobProgress {

  private BlobProgress() {}

  /** The source, saying "uploading" when the upload starts reading it. */
  static BlobSource watch(BlobSource source, Descriptor blob, Progress progress) {
    return () -> {
      progress.update("uploading " + shortDigest(blob), 0, blob.size());
      return source.open();
    };
  }

  /** Says what became of the blob, as a step that is done. */
  static void done(BlobStatus status, Descriptor blob, String mountFrom, Progress progress) {
    String what = switch (status) {
      case UPLOADED -> "uploaded " + shortDigest(blob);
      case REUSED -> "reused " + shortDigest(blob) + " (the registry has it)";
      case MOUNTED -> "mounted " + shortDigest(blob) + " from " + mountFrom;
    };
    progress.done(what);
  }

  private static String shortDigest(Descriptor blob) {
    return blob.digest().substring(0, Math.min(19, blob.digest().length()));
  }
}
