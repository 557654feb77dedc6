package dev.slim.cleanup;

/** Asked once, before anything is deleted, with the report that says what would go. */
@FunctionalInterface
public interface Confirmation {

  /** Whether to delete what {@code plan} marks. */
  boolean confirm(CleanupReport plan);

  /** Says yes without asking ({@code --yes}). */
  static Confirmation yes() {
    return plan -> true;
  }
}
