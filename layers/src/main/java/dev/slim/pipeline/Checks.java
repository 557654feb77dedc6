package dev.slim.pipeline;

import dev.slim.image.BuiltImage;
import dev.slim.plan.LintWarning;
import dev.slim.render.GateResult;
import dev.slim.render.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gates and lint warnings of one build, and whether they stop the image from being pushed
 * or written: a failed gate does, and so does any warning with {@code --fail-on-warning}.
 *
 * @param gates every gate checked, one per platform
 * @param warnings the warnings that {@code --ignore-warning} did not silence
 * @param failOnWarning whether a warning stops the build
 */
record Checks(List<GateResult> gates, List<LintWarning> warnings, boolean failOnWarning) {

  Checks {
    gates = List.copyOf(gates);
    warnings = List.copyOf(warnings);
  }

  static Checks of(BuildRequest request, List<BuiltImage> images, List<LintWarning> all) {
    List<GateResult> gates = new ArrayList<>();
    if (request.maxSize() != null) {
      for (BuiltImage image : images) {
        gates.add(GateResult.maxSize(images.size() > 1 ? image.platform().toString() : null,
            request.maxSize(), image.compressedSize()));
      }
    }
    List<LintWarning> kept = all.stream()
        .filter(w -> !request.ignoredWarnings().contains(w.name())).toList();
    return new Checks(gates, kept, request.failOnWarning());
  }

  boolean passed() {
    return gates.stream().allMatch(GateResult::passed) && !(failOnWarning && !warnings.isEmpty());
  }

  /** What the image became: {@code pushed}/{@code written}, or not, and why. */
  Outcome outcome(boolean push) {
    if (passed()) {
      return new Outcome(push ? Outcome.PUSHED : Outcome.WRITTEN, null, gates, warnings);
    }
    List<String> reasons = new ArrayList<>();
    gates.stream().filter(g -> !g.passed())
        .forEach(g -> reasons.add("gate " + g.label() + " failed"));
    warningReason().ifPresent(reasons::add);
    return new Outcome(push ? Outcome.NOT_PUSHED : Outcome.NOT_WRITTEN,
        String.join("; ", reasons), gates, warnings);
  }

  /** The message of exit 5, or empty when the checks passed. */
  Optional<String> failure(boolean push) {
    if (passed()) {
      return Optional.empty();
    }
    List<String> reasons = new ArrayList<>();
    for (GateResult g : gates) {
      if (!g.passed()) {
        reasons.add("image" + (g.platform() == null ? "" : " for " + g.platform()) + " is "
            + g.actual() + " bytes compressed, over --max-size " + g.limit() + " bytes");
      }
    }
    warningReason().ifPresent(reasons::add);
    return Optional.of(String.join("; ", reasons) + "; not " + (push ? "pushed" : "written"));
  }

  private Optional<String> warningReason() {
    if (!failOnWarning || warnings.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = warnings.stream().map(LintWarning::name).distinct().toList();
    return Optional.of((names.size() == 1 ? "warning " : "warnings ")
        + String.join(", ", names) + " with --fail-on-warning");
  }
}
