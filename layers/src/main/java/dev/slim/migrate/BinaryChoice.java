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

  /**
   * The chosen copy, the arguments after the program, the init wrapper dropped (or null), and
   * how a folder or pattern copy was read to find it (or null).
   */
  record Choice(Copy copy, List<String> args, String wrapper, String via) {
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

  /** What the build stages wrote, as far as their RUN lines say. */
  interface Stages {
    /** The names of the programs a folder or pattern copy from a stage writes. */
    List<String> contents(Copy copy);

    /**
     * The program the final stage built itself (a single-stage build) at one of
     * {@code candidates}, as a copy of its own file; null when none of its builds wrote it.
     */
    Copy built(List<String> candidates);

    /** The RUN that installs unnamed programs into a folder copy's source, or null. */
    Instruction fills(Copy copy);
  }

  private static final Set<String> WRAPPERS = Set.of("tini", "tini-static", "dumb-init",
      "catatonit", "s6-svscan", "pid1");
  static final List<String> PATH_DIRS =
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
      Path context, List<Instruction> runs, Stages stages) {
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
      return unnamed(copies, wrapper, stages);
    }
    String program = full.get(0);
    if (SHELLS.matcher(program).matches()) {
      throw new Unworkable(where, "the container runs a shell (" + Words.printable(program) + "), which a slim"
          + " image does not have; make ENTRYPOINT the binary itself, in exec form");
    }
    List<String> candidates = new ArrayList<>();
    if (program.contains("/")) {
      candidates.add(Words.absolute(workdir, program));
    } else {
      PATH_DIRS.forEach(dir -> candidates.add(dir + "/" + program));
    }
    Map<String, String> moves = moves(runs);
    Copy copy = find(copies, candidates, moves, false);
    if (copy == null) {
      copy = stages.built(candidates);
    }
    if (copy == null) {
      copy = find(copies, candidates, moves, true);
    }
    if (copy == null) {
      throw new Unworkable(where, "the container runs '" + Words.printable(program) + "', which no COPY of the"
          + " final stage writes (a file of the base image?); slim's image holds only the"
          + " binary the final stage copies: make ENTRYPOINT that binary");
    }
    List<String> args = full.subList(1, full.size());
    if (copy.heredoc()) {
      return new Choice(copy, args, wrapper, null);
    }
    String script = script(copy, context);
    if (script != null) {
      throw new Unworkable(where, "the entrypoint " + copy.dest() + " is a script (" + script
          + "), and a slim image has no shell to run it" + runsBinary(copy, context)
          + sibling(copies, copy) + "; make ENTRYPOINT the binary, with the script's settings"
          + " as ENV and arguments");
    }
    if (notAProgram(copy.dest()) || notAProgram(copy.source())) {
      throw new Unworkable(where, "the entrypoint " + copy.dest() + " (copied from "
          + copy.source() + ", line " + copy.in().line() + ") is not a program; make"
          + " ENTRYPOINT the binary the final stage copies");
    }
    return new Choice(copy, args, wrapper, via(copies, copy));
  }

  /** No ENTRYPOINT or CMD names a program: the one program the final stage copies. */
  private static Choice unnamed(List<Copy> copies, String wrapper, Stages stages) {
    for (Copy c : copies) {
      if (c.heredoc() || c.dest() != null && (notAProgram(c.dest())
          || SCRIPT.matcher(c.dest()).find() || WRAPPERS.contains(Words.basename(c.dest())))
          || notAProgram(c.source())) {
        continue;
      }
      if (c.dest() != null) {
        return new Choice(c, List.of(), wrapper, null);
      }
      if (c.stage() == null) {
        continue;
      }
      List<String> names = stages.contents(c);
      if (names.size() == 1) {
        Copy one = c.inside(Words.absolute(c.into(), names.get(0)));
        return new Choice(one, List.of(), wrapper, via(copies, one));
      }
      if (names.size() > 1) {
        throw new Unworkable(c.in(), "this COPY writes several programs into " + c.into() + " ("
            + String.join(", ", names) + "), and no ENTRYPOINT or CMD names the one the container"
            + " runs; slim's image holds one binary: add ENTRYPOINT [\"" + Words.absolute(
            c.into(), names.get(0)) + "\"] (or the one you run) to the final stage");
      }
      Instruction fills = stages.fills(c);
      if (fills != null) {
        throw new Unworkable(c.in(), "this COPY writes the programs that line " + fills.line()
            + " (" + Words.shorten(fills) + ") installs into " + c.source() + ", which the"
            + " Dockerfile does not name, and no ENTRYPOINT or CMD names the one the container"
            + " runs; slim's image holds one binary: add ENTRYPOINT [\"" + c.into() + "/NAME\"]"
            + " for the program you run to the final stage");
      }
    }
    return new Choice(null, List.of(), wrapper, null);
  }

  /** How a copy found inside a folder or pattern copy was read, or null for a file copy. */
  private static String via(List<Copy> copies, Copy chosen) {
    if (copies.contains(chosen)) {
      return null;
    }
    for (Copy c : copies) {
      if (c.in().equals(chosen.in()) && !c.source().equals(chosen.source())
          && chosen.equals(c.inside(chosen.dest()))) {
        return (c.pattern() ? "the pattern " + c.source() + " matches " : "read as the folder "
            + c.source() + (c.stage() == null ? " of the build context" : " of stage '"
            + c.stage() + "'") + ", which holds ") + chosen.source() + ", copied to "
            + chosen.dest() + ", the program the container runs";
      }
    }
    return null;
  }

  /** "; the same COPY writes /app, likely the binary it runs" for a script copied with one. */
  private static String sibling(List<Copy> copies, Copy script) {
    for (Copy c : copies) {
      if (c.in().equals(script.in()) && c.dest() != null && !c.dest().equals(script.dest())
          && !notAProgram(c.dest()) && !SCRIPT.matcher(c.dest()).find()) {
        return "; the same COPY (line " + c.in().line() + ") writes " + c.dest()
            + ", likely the binary it runs";
      }
    }
    return "";
  }

  /** True for licences, configs, certificates and other data files, by name and place. */
  static boolean notAProgram(String path) {
    return NOT_A_PROGRAM.matcher(path).find();
  }

  /**
   * The copy that wrote one of {@code candidates}, following cp/mv/install; null when none did.
   * Folders of the build context are only searched when {@code contextFolders}.
   */
  private static Copy find(List<Copy> copies, List<String> candidates,
      Map<String, String> moves, boolean contextFolders) {
    for (String candidate : candidates) {
      String path = candidate;
      for (int hop = 0; hop <= moves.size(); hop++) {
        Copy found = written(copies, path, contextFolders);
        if (found != null) {
          return found;
        }
        String from = moved(moves, path);
        if (from == null) {
          break;
        }
        path = from;
      }
    }
    return null;
  }

  /** The last copy that wrote {@code path}, as the file itself or inside a copied folder. */
  private static Copy written(List<Copy> copies, String path, boolean contextFolders) {
    for (int i = copies.size() - 1; i >= 0; i--) {
      Copy c = copies.get(i);
      if (c.dest() != null && c.dest().equals(path)) {
        return c;
      }
      // the whole build context (COPY . /) is the source tree, not a folder of programs
      boolean named = !Words.normalize("/" + c.source()).equals("/");
      Copy inside = c.stage() != null || contextFolders && !c.external() && named
          ? c.inside(path) : null;
      if (inside != null) {
        return inside;
      }
    }
    return null;
  }

  /**
   * The source {@code path} was moved from: a move's destination, or a file of a folder a
   * pattern was moved into ({@code mv /go/bin/* /usr/local/bin/}); null when none wrote it.
   */
  static String moved(Map<String, String> moves, String path) {
    String from = moves.get(path);
    if (from != null) {
      return from;
    }
    String dir = path.substring(0, Math.max(0, path.lastIndexOf('/')));
    String pattern = moves.get(dir + "/*");
    return pattern == null ? null : pattern.substring(0, pattern.lastIndexOf('/') + 1)
        + Words.basename(path);
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
        if (operands.size() == 2 && operands.get(0).endsWith("/*")
            && operands.get(1).startsWith("/") && operands.get(0).startsWith("/")) {
          // mv /go/bin/* /usr/local/bin/: every file of the folder
          moves.put(Words.normalize(operands.get(1)) + "/*", operands.get(0));
        } else if (operands.size() == 2 && operands.get(0).startsWith("/")
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
