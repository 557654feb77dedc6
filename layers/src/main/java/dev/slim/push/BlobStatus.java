package dev.slim.push;

import java.util.Locale;

/** What happened to one blob during a push. */
public enum BlobStatus {
  /** Sent to the registry. */
  UPLOADED,
  /** The registry already had it (found by HEAD before pushing). */
  REUSED,
  /** Linked from another repository on the same registry, without sending bytes. */
  MOUNTED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
