package dev.slim.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * What keeps a Go binary from being rebuilt byte for byte, read from its build info and build id:
 * such a binary is not reproducible, so neither is an image made from it.
 *
 * @param trimpath built with {@code -trimpath} (build info {@code -trimpath=true}): no build
 *     machine paths in the binary
 * @param buildId the Go build id, or null when it was left empty ({@code -ldflags=-buildid=})
 * @param vcsModified built from a work tree with uncommitted changes ({@code vcs.modified=true})
 */
public record Reproducibility(boolean trimpath, String buildId, boolean vcsModified) {

  /**
   * @return null when the binary is not Go (or its build info is unreadable)
   */
  public static Reproducibility of(Inspection binary) {
    GoBuildInfo go = binary.go();
    if (go == null) {
      return null;
    }
    return new Reproducibility("true".equals(go.setting("-trimpath")), binary.goBuildId(),
        "true".equals(go.setting("vcs.modified")));
  }

  /** Whether nothing here stands in the way of a byte-for-byte rebuild. */
  public boolean reproducible() {
    return trimpath && buildId == null && !vcsModified;
  }

  /** One short phrase per problem, in the order trimpath, build id, vcs; empty when none. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!trimpath) {
      problems.add("built without -trimpath");
    }
    if (buildId != null) {
      problems.add("has a build id");
    }
    if (vcsModified) {
      problems.add("built from a modified work tree (vcs.modified=true)");
    }
    return problems;
  }
}
