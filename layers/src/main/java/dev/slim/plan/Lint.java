package dev.slim.plan;

import dev.slim.inspect.Inspection;
import dev.slim.inspect.Uses;
import java.util.ArrayList;
import java.util.List;

/** Warns when a binary clearly needs files that its base lacks, and says which flag fixes it. */
public final class Lint {

  private Lint() {}

  /**
   * @param uses what the binary uses, from {@link Uses#of}
   * @return one line per warning, without the file name; empty when nothing is missing
   */
  public static List<String> check(Inspection binary, Uses uses, Base base) {
    List<String> warnings = new ArrayList<>();
    if (base.kind() == Base.Kind.IMAGE) {
      return warnings;
    }
    if (uses.certificates() && !uses.embeddedRoots() && base.kind() == Base.Kind.SCRATCH) {
      warnings.add("links crypto/x509 (TLS) but scratch has no CA certificates: HTTPS calls will"
          + " fail with 'x509: certificate signed by unknown authority'; use --base static");
    }
    if (uses.timeZones() && !uses.embeddedTzdata() && !base.tzdata()) {
      warnings.add("calls time.LoadLocation but the image has no /usr/share/zoneinfo: any zone"
          + " but UTC will fail with 'unknown time zone'; use --base static --tzdata (or"
          + " import _ \"time/tzdata\")");
    }
    return warnings;
  }
}
