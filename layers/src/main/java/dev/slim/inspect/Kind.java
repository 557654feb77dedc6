package dev.slim.inspect;

/** What an inspected file is, as far as putting it in a scratch image goes. */
public enum Kind {
  /** ELF executable (ET_EXEC) with no interpreter and no needed libraries. */
  STATIC("static"),
  /** ELF ET_DYN with PT_DYNAMIC but no interpreter and no DT_NEEDED: runs on scratch. */
  STATIC_PIE("static-pie"),
  /** Executable that needs a dynamic loader (PT_INTERP) or shared libraries (DT_NEEDED). */
  DYNAMIC("dynamic"),
  /** A shared library (.so): not something an image can run. */
  SHARED_LIBRARY("shared-library"),
  /** Not an ELF executable at all, or a malformed one. */
  REJECTED("rejected");

  private final String label;

  Kind(String label) {
    this.label = label;
  }

  /** The stable name used in JSON output and messages. */
  public String label() {
    return label;
  }

  public boolean isStatic() {
    return this == STATIC || this == STATIC_PIE;
  }
}
