package dev.slim.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which copied file is the binary: the program the container runs (ENTRYPOINT and CMD as Docker
 * joins them, init wrappers dropped), followed through the {@code cp}, {@code mv} and
 * {@code install} of the final stage's RUN lines to the COPY that wrote it. A file that is not a
 * program (a licence, a config, a script) is never chosen: the migration is refused instead.
 */
final class BinaryChoice {

  /** The chosen copy, the arguments after the program, and the init wrapper dropped (or null). */
  record Choice(Copy copy, List<String> args, String wrapper) {
    Choice {
      args = List.copyOf(args);
    }
  }

  /** The Dockerfile's image cannot become a working slim image; the message says why. */
  static final class Unworkable extends RuntimeException {
    final transient Instruction in;

    Unworkable(Instruction in, String message) {
      super(message, null, false, false);
      this.in = in;
    }
  }

  private static final Set<String> WRAPPERS = Set.of("tini", "tini-static", "dumb-init",
      "catatonit", "s6-svscan", "pid1");
  private static final List<String> PATH_DIRS =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
  private static final Pattern NOT_A_PROGRAM = Pattern.compile(
      "(^|/)(licen[cs]e|copying|notice|readme|authors|changelog)[^/]*$"
          + "|\\.(md|txt|json|ya?ml|toml|conf|cfg|ini|pem|crt|key|html|css|js|xml|csv)$"
          + "|^/(etc|usr/share)/|ca-certificates|zoneinfo",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern SCRIPT = Pattern.compile(
      "\\.(sh|bash|py|pl|rb)$|(^|/)[^/]*entrypoint[^/]*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SHELLS = Pattern.compile("(/usr)?(/bin/)?(sh|bash|ash|dash)");
  private static final Pattern EXEC = Pattern.compile("^[ \\t]*exec[ \\t]+(.+)$", Pattern.MULTILINE);

  private BinaryChoice() {}

  /**
   * Chooses the binary.
   *
   * @param words ENTRYPOINT then CMD as Docker joins them (empty when the stage sets neither)
   * @param where the instruction those words came from (for messages), or null
   * @param context the Dockerfile's folder, to read files copied from it; null when unknown
   * @param runs the RUN instructions of the final stage, for cp, mv and install
   */
  static Choice choose(List<Copy> copies, List<String> words, Instruction where, String workdir,
      Path context, List<Instruction> runs) {
    List<String> full = new ArrayList<>(words);
    String wrapper = null;
    if (!full.isEmpty() && WRAPPERS.contains(Words.basename(full.get(0)))) {
      wrapper = full.remove(0);
      while (!full.isEmpty() && full.get(0).startsWith("-")) {
        boolean end = full.remove(0).equals("--");
        if (end) {
          break;
        }
      }
    }
    if (full.isEmpty()) {
      for (Copy c : copies) {
        if (!c.heredoc() && !notAProgram(c.dest()) && !notAProgram(c.source())
            && !SCRIPT.matcher(c.dest()).find()
            && !WRAPPERS.contains(Words.basename(c.dest()))) {
          return new Choice(c, List.of(), wrapper);
        }
      }
      return new Choice(null, List.of(), wrapper);
    }
    String program = full.get(0);
    if (SHELLS.matcher(program).matches()) {
      throw new Unworkable(where, "the container runs a shell (" + Words.printable(program) + "), which a slim"
          + " image does not have; make ENTRYPOINT the binary itself, in exec form");
    }
    Copy copy = find(copies, program, workdir, moves(runs));
    if (copy == null) {
      throw new Unworkable(where, "the container runs '" + Words.printable(program) + "', which no COPY of the"
          + " final stage writes (a file of the base image?); slim's image holds only the"
          + " binary the final stage copies: make ENTRYPOINT that binary");
    }
    if (copy.heredoc()) {
      return new Choice(copy, full.subList(1, full.size()), wrapper);
    }
    String script = script(copy, context);
    if (script != null) {
      throw new Unworkable(where, "the entrypoint " + copy.dest() + " is a script (" + script
          + "), and a slim image has no shell to run it" + runsBinary(copy, context)
          + "; make ENTRYPOINT the binary, with the script's settings as ENV and arguments");
    }
    if (notAProgram(copy.dest()) || notAProgram(copy.source())) {
      throw new Unworkable(where, "the entrypoint " + copy.dest() + " (copied from "
          + copy.source() + ", line " + copy.in().line() + ") is not a program; make"
          + " ENTRYPOINT the binary the final stage copies");
    }
    return new Choice(copy, full.subList(1, full.size()), wrapper);
  }

  /** True for licences, configs, certificates and other data files, by name and place. */
  static boolean notAProgram(String path) {
    return NOT_A_PROGRAM.matcher(path).find();
  }

  /** The copy that wrote {@code program}, following cp/mv/install; null when none did. */
  private static Copy find(List<Copy> copies, String program, String workdir,
      Map<String, String> moves) {
    List<String> candidates = new ArrayList<>();
    if (program.contains("/")) {
      candidates.add(Words.absolute(workdir, program));
    } else {
      PATH_DIRS.forEach(dir -> candidates.add(dir + "/" + program));
    }
    for (String candidate : candidates) {
      String path = candidate;
      for (int hop = 0; hop <= moves.size(); hop++) {
        Copy found = written(copies, path);
        if (found != null) {
          return found;
        }
        String from = moves.get(path);
        if (from == null) {
          break;
        }
        path = from;
      }
    }
    return null;
  }

  /** The last copy that wrote {@code path}, as the file itself or inside a copied folder. */
  private static Copy written(List<Copy> copies, String path) {
    for (int i = copies.size() - 1; i >= 0; i--) {
      Copy c = copies.get(i);
      if (c.dest().equals(path)) {
        return c;
      }
      if (c.stage() != null && path.startsWith(c.dest().equals("/") ? "/" : c.dest() + "/")) {
        return c.inside(path);
      }
    }
    return null;
  }

  /** Destination to source of the {@code cp}, {@code mv} and {@code install} in RUN lines. */
  static Map<String, String> moves(List<Instruction> runs) {
    return moves(runs, null);
  }

  /** As {@link #moves(List)}, relative operands taken in {@code workdir} (when not null). */
  static Map<String, String> moves(List<Instruction> runs, String workdir) {
    Map<String, String> moves = new LinkedHashMap<>();
    for (Instruction run : runs) {
      String text = run.json() != null ? String.join(" ", run.json()) : run.rest();
      for (String segment : text.split("&&|;|\\|\\||\n")) {
        List<String> w = new ArrayList<>(List.of(segment.strip().split("\\s+")));
        if (w.isEmpty() || !Set.of("cp", "mv", "install").contains(w.get(0))) {
          continue;
        }
        boolean install = w.get(0).equals("install");
        List<String> operands = new ArrayList<>();
        for (int i = 1; i < w.size(); i++) {
          String a = w.get(i);
          if (install && Set.of("-m", "-o", "-g", "--mode", "--owner", "--group").contains(a)) {
            i++;
          } else if (!a.startsWith("-")) {
            operands.add(a);
          }
        }
        if (workdir != null && operands.size() == 2) {
          operands.replaceAll(o -> o.contains("$") ? o : Words.absolute(workdir, o));
        }
        if (operands.size() == 2 && operands.get(0).startsWith("/")
            && operands.get(1).startsWith("/")) {
          String src = Words.normalize(operands.get(0));
          String dst = Words.normalize(operands.get(1));
          moves.put(dst, src);
          moves.putIfAbsent(dst + "/" + Words.basename(src), src);
        }
      }
    }
    return moves;
  }

  /** Why the copied file is a script, or null when nothing says it is. */
  private static String script(Copy copy, Path context) {
    String first = firstLine(copy, context);
    if (first != null && first.startsWith("#!")) {
      return "its first line is " + Words.printable(first.strip());
    }
    if (SCRIPT.matcher(copy.dest()).find() || SCRIPT.matcher(copy.source()).find()) {
      return "by its name";
    }
    return null;
  }

  /** ", which runs /path (script line N)" when the script in the build context execs one. */
  private static String runsBinary(Copy copy, Path context) {
    String text = read(copy, context, 1 << 20);
    if (text == null) {
      return "";
    }
    Matcher m = EXEC.matcher(text);
    while (m.find()) {
      List<String> w = List.of(m.group(1).strip().split("\\s+"));
      String program = w.get(0);
      if (program.startsWith("\"$") || program.startsWith("$") || program.startsWith("\"")) {
        continue;
      }
      int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
      return "; it runs " + Words.printable(program) + " (" + copy.source() + " line " + line
          + ": exec " + Words.printable(m.group(1).strip()) + ")";
    }
    return "";
  }

  private static String firstLine(Copy copy, Path context) {
    String text = read(copy, context, 256);
    return text == null ? null : text.lines().findFirst().orElse("");
  }

  /** Up to {@code max} bytes of a file copied from the build context, or null. */
  private static String read(Copy copy, Path context, int max) {
    if (context == null || copy.stage() != null || copy.external() || copy.heredoc()) {
      return null;
    }
    try {
      Path file = context.resolve(copy.source().replaceFirst("^/+", "")).normalize();
      if (!file.startsWith(context.normalize()) || !Files.isRegularFile(file)) {
        return null;
      }
      try (var in = Files.newInputStream(file)) {
        return new String(in.readNBytes(max), StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
