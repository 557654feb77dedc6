package dev.slim.plan;

import dev.slim.inspect.Inspection;
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
  /** Every warning's name, as {@code --ignore-warning} and {@code ignoreWarnings} take them. */
  public static final List<String> NAMES = List.of(NO_CA_BUNDLE, NO_ZONEINFO, NO_CREATION_TIME);

  private Lint() {}

  /**
   * @param uses what the binary uses, from {@link Uses#of}
   * @return the warnings, in the order of {@link #NAMES}; empty when nothing is missing
   */
  public static List<LintWarning> check(Inspection binary, Uses uses, Base base) {
    List<LintWarning> warnings = new ArrayList<>();
    if (base.kind() == Base.Kind.IMAGE) {
      return warnings;
    }
    String file = binary.file().toString();
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
    return warnings;
  }
}
