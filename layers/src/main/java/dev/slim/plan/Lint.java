package dev.slim.plan;

import dev.slim.inspect.Inspection;
import dev.slim.inspect.Reproducibility;
import dev.slim.inspect.Uses;
import java.util.ArrayList;
import java.util.List;

/** Warns when a binary clearly needs files that its base lacks, and says which flag fixes it. */
public final class Lint {

  /** A Go binary that verifies TLS certificates, on scratch (no CA bundle). */
  public static final String NO_CA_BUNDLE = "no-ca-bundle";
  /** A Go binary that loads time zones, in an image without {@code /usr/share/zoneinfo}. */
  public static final String NO_ZONEINFO = "no-zoneinfo";
  /**
   * The image's creation time is a placeholder (1970, or at or before 1980): retention by age
   * cannot rank it ({@link CreationTime}).
   */
  public static final String NO_CREATION_TIME = "no-creation-time";
  /** A Go binary built without {@code -trimpath}: it holds the build machine's paths. */
  public static final String NO_TRIMPATH = "no-trimpath";
  /** A Go binary with a build id (not {@code -ldflags=-buildid=}). */
  public static final String GO_BUILD_ID = "go-build-id";
  /** A Go binary built from a work tree with uncommitted changes ({@code vcs.modified=true}). */
  public static final String VCS_MODIFIED = "vcs-modified";
  /** Every warning's name, as {@code --ignore-warning} and {@code ignoreWarnings} take them. */
  public static final List<String> NAMES = List.of(NO_CA_BUNDLE, NO_ZONEINFO, NO_CREATION_TIME,
      NO_TRIMPATH, GO_BUILD_ID, VCS_MODIFIED);
  private static final String NOT_REPRODUCIBLE = ": the binary is not reproducible, so neither is"
      + " its image; ";

  private Lint() {}

  /**
   * @param uses what the binary uses, from {@link Uses#of}
   * @return the warnings, in the order of {@link #NAMES}; empty when nothing is missing
   */
  public static List<LintWarning> check(Inspection binary, Uses uses, Base base) {
    List<LintWarning> warnings = new ArrayList<>();
    String file = binary.file().toString();
    if (base.kind() == Base.Kind.IMAGE) {
      reproducibility(binary, file, warnings);
      return warnings;
    }
    if (uses.certificates() && !uses.embeddedRoots() && base.kind() == Base.Kind.SCRATCH) {
      warnings.add(new LintWarning(NO_CA_BUNDLE, file, "links crypto/x509 (TLS) but scratch has"
          + " no CA certificates: HTTPS calls will fail with 'x509: certificate signed by unknown"
          + " authority'; use --base static"));
    }
    if (uses.timeZones() && !uses.embeddedTzdata() && !base.tzdata()) {
      warnings.add(new LintWarning(NO_ZONEINFO, file, "calls time.LoadLocation but the image has"
          + " no /usr/share/zoneinfo: any zone but UTC will fail with 'unknown time zone'; use"
          + " --base static --tzdata (or import _ \"time/tzdata\")"));
    }
    reproducibility(binary, file, warnings);
    return warnings;
  }

  /** The Go binary's reproducibility warnings, from {@link Reproducibility#of}. */
  private static void reproducibility(Inspection binary, String file, List<LintWarning> warnings) {
    Reproducibility r = Reproducibility.of(binary);
    if (r == null) {
      return;
    }
    if (!r.trimpath()) {
      warnings.add(new LintWarning(NO_TRIMPATH, file, "Go build without -trimpath: it holds the"
          + " build machine's paths" + NOT_REPRODUCIBLE + "build with go build -trimpath"));
    }
    if (r.buildId() != null) {
      warnings.add(new LintWarning(GO_BUILD_ID, file, "has a Go build id, which changes with the build's inputs and toolchain" + NOT_REPRODUCIBLE
          + "build with -ldflags=-buildid="));
    }
    if (r.vcsModified()) {
      warnings.add(new LintWarning(VCS_MODIFIED, file, "built from a work tree with uncommitted"
          + " changes (vcs.modified=true)" + NOT_REPRODUCIBLE + "commit, then build again"));
    }
  }
}
