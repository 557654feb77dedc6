package dev.slim.registry;

/** Refuses malformed names before anything is sent, as {@link IllegalArgumentException}s. */
final class Arguments {

  private Arguments() {}

  static void checkRepository(String repository) {
    if (!ImageRef.isRepository(repository)) {
      throw new IllegalArgumentException("invalid repository name \"" + repository
          + "\": use lowercase letters and digits, separated by '/', '.', '_', '__' or '-'");
    }
  }

  static void checkDigest(String digest) {
    if (!ImageRef.isDigest(digest)) {
      throw new IllegalArgumentException("invalid digest \"" + digest
          + "\": use sha256: followed by 64 lowercase hex digits");
    }
  }

  static void checkReference(String reference) {
    if (!ImageRef.isTag(reference) && !ImageRef.isDigest(reference)) {
      throw new IllegalArgumentException("invalid tag or digest \"" + reference + "\"");
    }
  }
}
