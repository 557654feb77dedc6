package dev.slim.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * What pinning changed (or, in a dry run, would change).
 *
 * @param changed the files that change, in the order read
 * @param read how many manifest files were read
 * @param notFound built repositories that no file names: nothing pinned them
 * @param diff in a dry run, the unified diff of every change ("" for none); else ""
 */
public record PinResult(List<Change> changed, int read, List<String> notFound, String diff) {

  /** One file that changes, and how many of its fields. */
  public record Change(Path path, int fields) {}

  public PinResult {
    changed = List.copyOf(changed);
    notFound = List.copyOf(notFound);
    java.util.Objects.requireNonNull(diff, "diff");
  }

  /** How many fields change in all files. */
  public int fields() {
    return changed.stream().mapToInt(Change::fields).sum();
  }
}
