package dev.slim.pipeline;

import java.util.Objects;

/** What became of one image of a run of several builds. */
public sealed interface ImageOutcome {

  /** The run's name for the image (its reference, or its folder). */
  String label();

  /** The build ran to its end; a failed gate is in the result (nothing pushed or written). */
  record Built(String label, BuildResult result) implements ImageOutcome {
    public Built {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * The build stopped: a rejected binary, a registry error, an output it could not write.
   * Nothing of it was tagged or written.
   */
  record Failed(String label, Exception failure) implements ImageOutcome {
    public Failed {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(failure, "failure");
    }
  }

  /** Not built: {@code --fail-fast} stopped the run after {@code after} failed. */
  record Skipped(String label, String after) implements ImageOutcome {
    public Skipped {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(after, "after");
    }
  }
}
