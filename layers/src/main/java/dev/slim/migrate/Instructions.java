package dev.slim.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instructions of a stage read into what a slim.yaml can hold: ENV and LABEL pairs, USER as
 * numbers, COPY as the one file it copies, and the advice for what cannot be carried over.
 */
final class Instructions {

  private final Walk walk;

  Instructions(Walk walk) {
    this.walk = walk;
  }

  /** The text of ENV {@code key}'s value as written. */
  static String raw(Instruction in, String key) {
    for (String token : Words.tokens(in.rest())) {
      if (Words.unquote(token).startsWith(key + "=") || token.startsWith(key + "=")) {
        return token;
      }
    }
    return in.rest().startsWith(key + " ") ? in.rest() : "";
  }

  /** {@code K=V K2="v 2"}, or the legacy {@code K value with spaces}. */
  Map<String, String> pairs(Instruction in, Map<String, String> vars, boolean isEnv) {
    Map<String, String> result = new LinkedHashMap<>();
    String rest = in.rest();
    int firstSpace = rest.indexOf(' ');
    int firstEq = rest.indexOf('=');
    if (isEnv && firstEq < 0 || (firstSpace >= 0 && firstEq > firstSpace && isEnv
        && !rest.substring(0, firstSpace).contains("="))) {
      if (firstSpace > 0) {
        result.put(rest.substring(0, firstSpace),
            walk.expand(rest.substring(firstSpace + 1).strip(), vars, in));
      }
      return result;
    }
    for (String token : Words.tokens(rest)) {
      int eq = token.indexOf('=');
      if (eq <= 0) {
        walk.note(in, Words.shorten(in), "'" + token + "' is not KEY=VALUE; ignored");
        continue;
      }
      result.put(Words.unquote(token.substring(0, eq)),
          walk.expand(Words.unquote(token.substring(eq + 1)),
              name -> result.containsKey(name) ? result.get(name) : vars.get(name), in));
    }
    return result;
  }

  String user(Instruction in, String value) {
    String[] parts = value.split(":", 2);
    String uid = numericUser(parts[0]);
    String gid = parts.length > 1 ? numericUser(parts[1]) : null;
    if (uid == null || (parts.length > 1 && gid == null)) {
      walk.note(in, "USER " + value, "a scratch image has no /etc/passwd, so names do not resolve;"
          + " slim uses its default 65532:65532: set 'user' to the numeric UID:GID you need");
      return null;
    }
    if (!parts[0].matches("\\d+") || (parts.length > 1 && !parts[1].matches("\\d+"))) {
      walk.note(in, "USER " + value, "written as " + uid + (gid == null ? "" : ":" + gid)
          + ": a scratch image has no /etc/passwd, so slim needs numbers");
    }
    return gid == null ? uid : uid + ":" + gid;
  }

  private static String numericUser(String name) {
    if (name.matches("\\d+")) {
      return name;
    }
    return switch (name) {
      case "root" -> "0";
      case "nonroot" -> "65532";
      case "nobody" -> "65534";
      default -> null;
    };
  }

  /**
   * The files a COPY or ADD writes, one per source; a folder or a pattern as a copy whose files
   * land in {@link Copy#into}. Empty (with a note) when it writes none slim can follow.
   */
  List<Copy> copy(Instruction in, Map<String, String> vars, String workdir) {
    List<String> words = in.json() != null ? in.json() : List.of(in.rest().split("\\s+"));
    List<String> expanded = new ArrayList<>();
    for (String w : words) {
      expanded.add(walk.expand(w, vars, in));
      if (expanded.get(expanded.size() - 1).indexOf('\0') >= 0) {
        throw walk.refusal(in, "a file name holds a NUL character, which no file name can");
      }
    }
    if (expanded.size() < 2) {
      walk.note(in, Words.shorten(in), "needs a source and a destination; ignored");
      return List.of();
    }
    List<String> sources = expanded.subList(0, expanded.size() - 1);
    String dest = expanded.get(expanded.size() - 1);
    String from = in.flag("from");
    if (from != null) {
      from = walk.expand(from, vars, in);
    }
    if (sources.stream().anyMatch(s -> s.startsWith("http://") || s.startsWith("https://"))) {
      walk.note(in, Words.shorten(in), "copies a URL; slim's image holds one binary: "
          + extraFileAdvice(null));
      return List.of();
    }
    if (in.flag("chown") != null || in.flag("chmod") != null) {
      walk.note(in, Words.shorten(in), "--chown/--chmod dropped: slim writes the binary as"
          + " root:root, mode 0755, and runs it as the image's user");
    }
    Stage stage = from == null ? null : walk.stage(from, Integer.MAX_VALUE);
    String label = stage == null ? null : stage.label();
    // several sources, or a pattern, go into the destination as a folder, as in Docker
    boolean intoFolder = sources.size() > 1 || dest.endsWith("/") || dest.equals(".");
    String folder = Words.absolute(workdir, dest);
    List<Copy> copies = new ArrayList<>();
    for (String source : sources) {
      boolean wholeFolder = source.equals(".") || source.endsWith("/") || source.endsWith("/.");
      Copy c = new Copy(in, label, source, folder, from != null && stage == null, folder);
      if (c.pattern() || wholeFolder) {
        copies.add(new Copy(in, label, source, null, c.external(), folder));
      } else {
        copies.add(new Copy(in, label, source, intoFolder
            ? Words.absolute(folder, Words.basename(source)) : folder, c.external(), folder));
      }
    }
    return copies;
  }

  String extraFileAdvice(Copy copy) {
    if (copy != null && copy.source().contains("ca-certificates")) {
      return "CA certificates are not copied: the static base has them";
    }
    if (copy != null && copy.source().contains("zoneinfo")) {
      return "time zone data is not copied: the static base's tzdata layer has it";
    }
    if (copy != null && copy.source().contains("passwd")) {
      return "/etc/passwd is not copied; slim sets a numeric user";
    }
    return "embed such files in the binary (Go: embed, Rust: include_bytes!) or mount them at"
        + " run time";
  }

  String runAdvice(String command) {
    if (BaseChoice.INSTALL.matcher(command).find()) {
      return "packages cannot be installed into a slim image: the binary is static; CA"
          + " certificates and tzdata come with slim's static base (base: static, static+tzdata)";
    }
    if (command.contains("adduser") || command.contains("useradd")
        || command.contains("addgroup")) {
      return "no user database in a scratch image: slim runs as the numeric user in 'user'";
    }
    return "a slim image has no shell to run commands; do this at build time or in the binary";
  }
}
