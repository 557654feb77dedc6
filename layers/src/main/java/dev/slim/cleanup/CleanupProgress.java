package dev.slim.cleanup;

/**
 * What {@link Cleanup#report} has done so far, for a progress line. Called from the report's
 * worker threads, often (after every tag read and every deletion): an implementation decides
 * itself how often to show something, and must be thread-safe.
 */
@FunctionalInterface
public interface CleanupProgress {

  /** Shows nothing. */
  CleanupProgress NONE = snapshot -> {};

  void update(Snapshot snapshot);

  /**
   * @param repositories repositories to read (known once each registry's catalog is read)
   * @param repositoriesDone repositories read
   * @param tagsRead tags whose manifest was read
   * @param requests HTTP requests sent so far
   * @param deletions manifests {@code --apply} deletes (0 before it starts)
   * @param deleted of those, done
   */
  record Snapshot(int repositories, int repositoriesDone, int tagsRead, int requests,
      int deletions, int deleted) {}
}
