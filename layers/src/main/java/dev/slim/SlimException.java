package dev.slim;

import java.util.Objects;

/**
 * A failure the user can act on. The {@link Reason} decides the exit code in the CLI; the message
 * says what went wrong and what to do, and never contains a secret.
 */
public class SlimException extends Exception {

  /** Why a command failed, from the user's point of view. */
  public enum Reason {
    /** The request itself is wrong: options that contradict each other, a missing file. */
    USAGE,
    /** The binary cannot go into a minimal image as it is. */
    REJECTED,
    /** The registry could not be reached or refused the request. */
    REGISTRY,
    /** The build worked but a gate (such as a size limit) failed. */
    POLICY,
    /** {@code slim migrate}: the Dockerfile's image cannot be made a working slim image. */
    UNMIGRATABLE
  }

  private final Reason reason;

  public SlimException(Reason reason, String message) {
    this(reason, message, null);
  }

  public SlimException(Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
