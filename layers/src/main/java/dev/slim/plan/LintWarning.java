package dev.slim.plan;

import java.util.Objects;

/**
 * One thing a binary needs that its image lacks.
 *
 * @param name stable, for {@code --ignore-warning NAME} and scripts: one of {@link Lint#NAMES}
 * @param file the binary, as it was given
 * @param message what fails at run time and the flag that fixes it
 */
public record LintWarning(String name, String file, String message) {

  public LintWarning {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    if (!Lint.NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown warning " + name + "; known: " + Lint.NAMES);
    }
  }
}
