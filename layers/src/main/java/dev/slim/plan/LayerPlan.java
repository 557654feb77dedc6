package dev.slim.plan;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One layer to build: what it holds (for people) and its entries, sorted by path so the tar bytes
 * do not depend on the order the caller listed them in.
 *
 * @param fromBase whether the layer belongs to the base (slim's static base) rather than the
 *     binary, for the report
 */
public record LayerPlan(String description, List<LayerEntry> entries, boolean fromBase) {

  public LayerPlan(String description, List<LayerEntry> entries) {
    this(description, entries, false);
  }

  public LayerPlan {
    Objects.requireNonNull(description, "description");
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a layer needs at least one entry");
    }
    entries = entries.stream().sorted(Comparator.comparing(LayerEntry::path)).toList();
    for (int i = 1; i < entries.size(); i++) {
      if (entries.get(i).path().equals(entries.get(i - 1).path())) {
        throw new IllegalArgumentException("duplicate path in layer: " + entries.get(i).path());
      }
    }
  }
}
