package dev.slim.pipeline;

import dev.slim.render.ManyReport;
import java.util.List;
import java.util.Objects;

/**
 * What a run of several builds produced.
 *
 * @param outcomes one per image, in the order given
 * @param printed the stdout line of every image pushed or written, in the order given
 */
public record ManyResult(List<ImageOutcome> outcomes, ManyReport report, List<String> printed) {
  public ManyResult {
    outcomes = List.copyOf(outcomes);
    Objects.requireNonNull(report, "report");
    printed = List.copyOf(printed);
  }
}
