package dev.slim.image;

/** Receives progress while an image is written or pushed; must be cheap and thread-safe. */
@FunctionalInterface
public interface Progress {

  Progress NONE = (step, done, total) -> {};

  /**
   * @param step what is happening, e.g. "compressing binary /app" or "uploading sha256:ab12…"
   * @param done bytes done so far
   * @param total bytes in all, or -1 when unknown
   */
  void update(String step, long done, long total);

  /**
   * A step that has happened, such as "reused sha256:ab12… (the registry has it)": shown as a
   * fact, not as work under way.
   */
  default void done(String step) {
    update(step, 1, 1);
  }
}
