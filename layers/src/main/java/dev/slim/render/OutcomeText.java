package dev.slim.render;

import dev.slim.plan.LintWarning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of a build, its gates and its warnings, in the table, Markdown and JSON. */
final class OutcomeText {

  private OutcomeText() {}

  /** The table's first line: pushed, wrote, or what was not done and why. */
  static String headline(BuildReport r) {
    Outcome o = r.outcome();
    return switch (o.status()) {
      case Outcome.PUSHED -> "pushed  " + r.reference();
      case Outcome.WRITTEN -> "wrote   " + r.archive() + " (" + r.reference() + ")";
      default -> "image   " + withoutDigest(r.reference()) + " (" + o.status() + ": "
          + o.reason() + ")";
    };
  }

  /** One {@code tagged} line per further tag the image was pushed or written under. */
  static void alsoTagged(StringBuilder out, BuildReport r) {
    if (r.outcome().succeeded()) {
      r.references().stream().skip(1).forEach(ref -> out.append("tagged  ").append(ref)
          .append('\n'));
    }
  }

  /** The reference to show: one that was not pushed without the digest no registry serves. */
  static String shown(BuildReport r) {
    return r.outcome().succeeded() ? r.reference() : withoutDigest(r.reference());
  }

  private static String withoutDigest(String reference) {
    int at = reference.indexOf('@');
    return at < 0 ? reference : reference.substring(0, at);
  }

  /** One {@code gate} line per gate checked. */
  static void gates(StringBuilder out, BuildReport r) {
    for (GateResult g : r.outcome().gates()) {
      out.append("gate    ").append(g.label()).append(": ")
          .append(g.passed() ? "passed, " : "failed, ").append(g.actual())
          .append(" bytes compressed, limit ").append(g.limit()).append(" bytes\n");
    }
  }

  /** The Markdown's lines on the outcome, the gates and the warnings; nothing when none. */
  static void markdown(StringBuilder out, BuildReport r) {
    Outcome o = r.outcome();
    if (!o.succeeded()) {
      String status = o.status();
      out.append("**").append(Character.toUpperCase(status.charAt(0))).append(status.substring(1))
          .append("**: ").append(escape(o.reason())).append("\n\n");
    }
    if (!o.gates().isEmpty()) {
      out.append("| gate | limit | actual | result |\n|---|---:|---:|---|\n");
      for (GateResult g : o.gates()) {
        out.append("| ").append(g.label()).append(" | ").append(g.limit()).append(" B | ")
            .append(g.actual()).append(" B | ").append(g.passed() ? "passed" : "failed")
            .append(" |\n");
      }
      out.append('\n');
    }
    for (LintWarning w : o.warnings()) {
      out.append("- **Warning `").append(w.name()).append("`** in `")
          .append(w.file().replace("`", "'")).append("`: ").append(escape(w.message()))
          .append('\n');
    }
    if (!o.warnings().isEmpty()) {
      out.append('\n');
    }
  }

  private static String escape(String text) {
    return text.replace("|", "\\|");
  }

  /** {@code outcome}, {@code outcomeReason}, {@code gates} and {@code warnings}. */
  static void json(Map<String, Object> json, BuildReport r) {
    Outcome o = r.outcome();
    json.put("outcome", o.status());
    json.put("outcomeReason", o.reason());
    List<Object> gates = new ArrayList<>();
    for (GateResult g : o.gates()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", g.name());
      one.put("platform", g.platform());
      one.put("limit", g.limit());
      one.put("actual", g.actual());
      one.put("passed", g.passed());
      gates.add(one);
    }
    json.put("gates", gates);
    List<Object> warnings = new ArrayList<>();
    for (LintWarning w : o.warnings()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", w.name());
      one.put("file", w.file());
      one.put("message", w.message());
      warnings.add(one);
    }
    json.put("warnings", warnings);
  }
}
