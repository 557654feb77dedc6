package dev.slim.render;

import dev.slim.plan.LintWarning;
import java.util.List;
import java.util.Objects;

/**
 * What became of the image, and the checks that decided it.
 *
 * @param status {@link #PUSHED}, {@link #WRITTEN} (a local archive), {@link #NOT_PUSHED} or
 *     {@link #NOT_WRITTEN}
 * @param reason why it was not pushed or written ({@code gate max-size failed}), else null
 * @param gates every gate checked, passed or not
 * @param warnings the lint warnings not silenced by {@code --ignore-warning}
 */
public record Outcome(String status, String reason, List<GateResult> gates,
    List<LintWarning> warnings) {

  public static final String PUSHED = "pushed";
  public static final String WRITTEN = "written";
  public static final String NOT_PUSHED = "not pushed";
  public static final String NOT_WRITTEN = "not written";

  public Outcome {
    if (!List.of(PUSHED, WRITTEN, NOT_PUSHED, NOT_WRITTEN).contains(status)) {
      throw new IllegalArgumentException("unknown outcome " + status);
    }
    if (done(status) != (reason == null)) {
      throw new IllegalArgumentException("an image not pushed or written has a reason, and"
          + " only then: " + status + ", " + reason);
    }
    gates = List.copyOf(gates);
    warnings = List.copyOf(warnings);
  }

  /** Pushed or written, without gates or warnings. */
  public static Outcome done(boolean pushed) {
    return new Outcome(pushed ? PUSHED : WRITTEN, null, List.of(), List.of());
  }

  /** Whether the image was pushed or written. */
  public boolean succeeded() {
    return done(status);
  }

  private static boolean done(String status) {
    return status.equals(PUSHED) || status.equals(WRITTEN);
  }
}
