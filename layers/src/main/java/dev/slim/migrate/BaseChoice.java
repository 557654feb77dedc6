package dev.slim.migrate;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The slim base for the final stage: {@code scratch}, unless the stage copies or installs CA
 * certificates ({@code static}, which has them) or zone files ({@code static+tzdata}).
 */
final class BaseChoice {

  /** The base, and the line that decided it (null for scratch). */
  record Decision(String base, Instruction in, String why) {}

  private static final Pattern CERTS = Pattern.compile("ca-certificates|/etc/ssl/certs");
  private static final Pattern ZONES = Pattern.compile("zoneinfo|(^|[\\s/])tzdata(\\s|$)");
  static final Pattern INSTALL =
      Pattern.compile("\\b(apk|apt-get|apt|dnf|yum|microdnf)(\\s+-\\S+)*\\s+(add|install)\\b");

  private BaseChoice() {}

  static Decision of(List<Copy> copies, List<Instruction> runs) {
    Instruction certs = null;
    Instruction zones = null;
    for (Copy c : copies) {
      String both = c.source() + " " + (c.dest() == null ? c.into() : c.dest());
      certs = certs == null && CERTS.matcher(both).find() ? c.in() : certs;
      zones = zones == null && ZONES.matcher(both).find() ? c.in() : zones;
    }
    for (Instruction run : runs) {
      String text = run.json() != null ? String.join(" ", run.json()) : run.rest();
      if (!INSTALL.matcher(text).find()) {
        continue;
      }
      certs = certs == null && text.contains("ca-certificates") ? run : certs;
      zones = zones == null && ZONES.matcher(text).find() ? run : zones;
    }
    if (certs == null && zones == null) {
      return null;
    }
    String found = (certs == null ? "" : "CA certificates (line " + certs.line() + ")")
        + (certs != null && zones != null ? " and " : "")
        + (zones == null ? "" : "time zone data (line " + zones.line() + ")");
    return new Decision(zones == null ? "static" : "static+tzdata", zones == null ? certs : zones,
        "the final stage installs or copies " + found + ": slim's static base has CA"
            + " certificates and /etc/passwd" + (zones == null ? "" : ", +tzdata adds"
            + " /usr/share/zoneinfo"));
  }
}
