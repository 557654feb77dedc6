package dev.slim.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stage that builds the binary the final stage copies: the command that builds it
 * statically into the Dockerfile's folder, and the binary's path there.
 */
final class BuildStage {

  /** The build command (null when none was found) and the binary's path for slim.yaml. */
  record Plan(Migration.BuildStep step, String binaryPath) {}

  private final Walk walk;
  private final Instructions instructions;

  BuildStage(Walk walk, Instructions instructions) {
    this.walk = walk;
    this.instructions = instructions;
  }

  /** The builds of a stage's chain, the files its RUNs move, and what it copies from others. */
  private record Scan(List<Build> builds, Map<String, String> moves,
      Map<String, String[]> copiedIn, String workdir, boolean go, boolean context) {}

  /** Where a copied file was traced to: the stage, its scan, the path there, its build. */
  private record Traced(Stage stage, Scan scan, String path, Build found) {}

  /**
   * The file the final stage copied, back through cp/mv/install and COPY --from of earlier
   * stages, to the build that wrote it (null when none did by name or folder).
   */
  private Traced trace(Copy binary) {
    Stage stage = walk.stage(binary.stage(), Integer.MAX_VALUE);
    if (stage == null) {
      return null;
    }
    Scan scan = scan(stage);
    String path = Words.absolute(scan.workdir(), binary.source());
    Build found = null;
    for (int hop = 0; hop < 16 && found == null; hop++) {
      path = traced(path, scan.moves());
      found = writer(scan, path, true);
      String[] from = scan.copiedIn().get(path);
      if (found != null || from == null) {
        break;
      }
      Stage earlier = walk.stage(from[0], stage.index());
      if (earlier == null) {
        break;
      }
      stage = earlier;
      scan = scan(stage);
      path = Words.absolute(scan.workdir(), from[1]);
    }
    return new Traced(stage, scan, path, found);
  }

  /**
   * Why a file found in a folder or pattern copy from a stage is not known to be a program
   * built there (the RUN that wrote into the folder), or null when a build writes it.
   */
  String unbuilt(Copy binary) {
    Traced t = trace(binary);
    if (t == null || t.found() != null) {
      return null;
    }
    String folder = t.path().substring(0, Math.max(1, t.path().lastIndexOf('/')));
    String writes = "";
    for (Instruction in : t.stage().body()) {
      String text = in.keyword().equals("RUN") ? in.rest() : "";
      if (text.contains(Words.basename(t.path())) || text.contains(folder)) {
        writes = " (line " + in.line() + ": " + Words.shorten(in) + ")";
      }
    }
    return "no go, cargo, cc or make command of stage '" + t.stage().label() + "' writes "
        + t.path() + writes + ": a downloaded or packed program is likely dynamic, with its"
        + " libraries beside it; slim needs a static binary: build it statically and copy that"
        + " file, e.g. COPY --from=" + t.stage().label() + " /out/app /app";
  }

  Plan plan(Copy binary) {
    Traced t = trace(binary);
    if (t == null) {
      return null;
    }
    String name = walk.binaryName(binary.source());
    Stage stage = t.stage();
    Scan scan = t.scan();
    String path = t.path();
    Build found = t.found();
    String copied = Words.basename(path);
    for (int i = scan.builds().size() - 1; i >= 0 && found == null; i--) {
      Build b = scan.builds().get(i);
      // a go install writes the last element of its package's path: another name is a tool
      if (!b.tool().equals("GO_INSTALL") && !b.tool().equals("GO_GET")
          || Outputs.installs(b).contains(copied) || Outputs.installs(b).contains("")) {
        found = b;
      }
    }
    if (found == null) {
      walk.notes.add(new Migration.Note(stage.line(), "FROM " + stage.from() + " AS "
          + stage.label(), "no go, cargo, cc or make command found in the stage that builds "
          + binary.source() + "; build it statically and put it at ./" + name));
      return new Plan(null, "./" + name);
    }
    Builds.Result result = Builds.rewrite(found, path, name,
        walk.buildPlatform(), scan.go());
    if (!scan.context() && found.tool().startsWith("GO_")) {
      result = fromNetwork(result);
    }
    for (String n : result.notes()) {
      walk.notes.add(new Migration.Note(found.in().line(), Words.shorten(found.in()), n));
    }
    return new Plan(new Migration.BuildStep(stage.label(), found.in().line(),
        result.command(), walk.platform() == null ? null : walk.platform().toString()),
        result.binaryPath());
  }

  /**
   * A go install of a remote package in a stage that copies nothing from the build context
   * builds it from the network: outside a module, go install needs a version ({@code @latest}).
   */
  private static Builds.Result fromNetwork(Builds.Result r) {
    List<String> words = new ArrayList<>(Words.tokens(r.command()));
    List<String> added = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (!w.startsWith("-") && !w.contains("=") && !w.contains("@") && !w.startsWith(".")
          && w.contains("/") && w.substring(0, w.indexOf('/')).contains(".")) {
        words.set(i, w + "@latest");
        added.add(w);
      }
    }
    if (added.isEmpty()) {
      return r;
    }
    List<String> notes = new ArrayList<>(r.notes());
    notes.add("@latest added to " + String.join(", ", added) + ": the stage copies nothing from"
        + " the build context and builds from the network, and go install needs a version"
        + " there; pin the version you deploy");
    return new Builds.Result(String.join(" ", words), r.binaryPath(), notes);
  }

  /**
   * The RUN of the stage a folder or pattern copy reads from that installs programs into that
   * folder without naming them ({@code make install}), or null.
   */
  Instruction fills(Copy copy) {
    Stage stage = walk.stage(copy.stage(), Integer.MAX_VALUE);
    if (stage == null || copy.pattern()) {
      return null;
    }
    Scan scan = scan(stage);
    String folder = Words.absolute(scan.workdir(), copy.source());
    for (Build b : scan.builds()) {
      for (String out : Outputs.of(b)) {
        if (out.endsWith("/*") && out.substring(0, out.length() - 2).equals(folder)) {
          return b.in();
        }
      }
    }
    return null;
  }

  /** The names of the programs the stage a folder or pattern copy reads from wrote there. */
  List<String> contents(Copy copy) {
    Stage stage = walk.stage(copy.stage(), Integer.MAX_VALUE);
    if (stage == null) {
      return List.of();
    }
    Scan scan = scan(stage);
    boolean anyLocal = scan.builds().stream().anyMatch(b -> b.tool().equals("GO_INSTALL")
        && Outputs.local(b));
    String folder = Words.absolute(scan.workdir(), copy.pattern()
        ? copy.source().substring(0, Math.max(0, copy.source().lastIndexOf('/'))) : copy.source());
    List<String> names = new ArrayList<>();
    for (Build b : scan.builds()) {
      if (anyLocal && b.tool().equals("GO_INSTALL") && !Outputs.local(b)) {
        continue;
      }
      for (String out : Outputs.of(b)) {
        if (out.endsWith("*") || !out.startsWith(folder.equals("/") ? "/" : folder + "/")) {
          continue;
        }
        Copy inside = copy.inside(Words.normalize(copy.into() + out.substring(folder.length())));
        String name = out.substring(folder.length() + 1);
        if (inside != null && !names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /**
   * The file at one of {@code candidates} that a build of {@code last} (the final stage)
   * wrote itself, by name or in the folder it ran in: a single-stage build; null when none did.
   */
  Copy built(Stage last, List<String> candidates) {
    Scan scan = scan(last);
    List<String> paths = new ArrayList<>(candidates);
    if (candidates.size() > 1) {
      String name = Words.basename(candidates.get(0));
      for (Build b : scan.builds()) {
        Outputs.goBins(b).forEach(bin -> paths.add(bin + "/" + name));
      }
      paths.add("/usr/local/cargo/bin/" + name);
    }
    for (String candidate : paths) {
      Build b = writer(scan, traced(candidate, scan.moves()), true);
      if (b != null) {
        walk.note(b.in(), Words.shorten(b.in()), "the final stage builds " + candidate
            + " itself (a single-stage build); slim.yaml takes the binary this build writes,"
            + " built in this folder");
        return new Copy(b.in(), last.label(), candidate, candidate, false, null);
      }
    }
    return null;
  }

  private static String traced(String path, Map<String, String> moves) {
    String p = path;
    for (int hop = 0; hop <= moves.size(); hop++) {
      String from = BinaryChoice.moved(moves, p);
      if (from == null) {
        break;
      }
      p = from;
    }
    return p;
  }

  /**
   * The last build that writes {@code path} by name ({@code -o}, GOBIN, an install prefix);
   * else, when {@code loosely}, the last that writes into a folder holding it; or null.
   */
  private static Build writer(Scan scan, String path, boolean loosely) {
    List<List<String>> outputs = new ArrayList<>();
    scan.builds().forEach(b -> outputs.add(Outputs.of(b)));
    for (boolean exact : loosely ? List.of(true, false) : List.of(true)) {
      for (int i = scan.builds().size() - 1; i >= 0; i--) {
        Build b = scan.builds().get(i);
        for (String out : outputs.get(i)) {
          boolean wildcard = out.endsWith("*");
          if (wildcard != exact && Outputs.matches(out, path)) {
            return b;
          }
        }
      }
    }
    return null;
  }

  private Scan scan(Stage stage) {
    Map<String, String> vars = new LinkedHashMap<>();
    Map<String, String> stageEnv = new LinkedHashMap<>();
    List<Build> builds = new ArrayList<>();
    boolean go = false;
    boolean context = false;
    Map<String, String> moves = new LinkedHashMap<>();
    Map<String, String[]> copiedIn = new LinkedHashMap<>();
    String workdir = null;
    for (Stage s : walk.chain(stage)) {
      for (Instruction in : s.body()) {
        switch (in.keyword()) {
          case "ARG" -> walk.arg(in, vars);
          case "ENV" -> {
            Map<String, String> pairs = instructions.pairs(in, vars, true);
            stageEnv.putAll(pairs);
            vars.putAll(pairs);
          }
          case "WORKDIR" -> workdir = Words.absolute(workdir, walk.expand(in.rest(), vars, in));
          case "COPY", "ADD" -> {
            String[] words = walk.expand(in.rest(), vars, in).strip().split("\\s+");
            String from = in.flag("from");
            context |= from == null;
            if (from != null && words.length == 2) {
              String dest = words[1].endsWith("/") ? words[1] + Words.basename(words[0])
                  : words[1];
              copiedIn.put(Words.absolute(workdir, dest),
                  new String[] {walk.expand(from, vars, in), words[0]});
            }
          }
          case "RUN" -> {
            moves.putAll(BinaryChoice.moves(List.of(new Instruction(in.line(), in.keyword(),
                in.flags(), walk.expand(in.rest(), vars, in), in.json(), in.heredocs())),
                workdir == null ? "/" : workdir));
            String command = !in.heredocs().isEmpty() ? String.join("\n", in.heredocs())
                : in.json() != null ? String.join(" ", in.json()) : in.rest();
            String cd = null;
            String at = workdir;
            List<String> prep = new ArrayList<>();
            for (String segment : command.split("&&|;|\\|\\||\n")) {
              String seg = segment.strip().replaceFirst("^\\(+\\s*", "")
                  .replaceFirst("\\s*\\)+$", "");
              if (seg.startsWith("cd ")) {
                String dir = Words.unquote(seg.substring(3).strip());
                if (dir.startsWith("/") && !dir.contains("$")) {
                  at = Words.normalize(walk.expand(dir, vars, in));
                  cd = null;
                } else {
                  cd = dir.contains("$") ? null : (cd == null ? "" : cd + "/") + dir;
                }
                continue;
              }
              if (seg.matches("(\\./configure|autoreconf|\\./autogen\\.sh|cmake|git submodule)"
                  + "(\\s.*)?")) {
                prep.add(seg);
                continue;
              }
              Build b = Builds.recognise(seg);
              if (b != null) {
                // make after ./configure in the same RUN: the configure belongs to the build
                String full = b.tool().equals("MAKE") && !prep.isEmpty()
                    ? String.join(" && ", prep) + " && " + seg : seg;
                builds.add(b.at(in, walk.expand(full, vars, in), new LinkedHashMap<>(vars),
                    new LinkedHashMap<>(stageEnv), at, cd == null ? null
                        : Words.normalize(cd).substring(1)));
              }
              List<String> tokens = Words.tokens(seg);
              go |= tokens.contains("go") || tokens.contains("golang")
                  || tokens.contains("golang-go");
            }
          }
          default -> { }
        }
      }
    }
    String root = walk.chain(stage).get(0).from().toLowerCase(java.util.Locale.ROOT);
    go |= root.contains("golang") || root.contains("go-toolset")
        || stageEnv.containsKey("GOPATH") || stageEnv.containsKey("CGO_ENABLED")
        || stageEnv.containsKey("GOFLAGS") || builds.stream().anyMatch(b -> b.tool()
        .startsWith("GO"));
    return new Scan(builds, moves, copiedIn, workdir, go, context);
  }

  String contextPath(Copy binary) {
    String s = binary.source();
    while (s.startsWith("./")) {
      s = s.substring(2);
    }
    if (binary.external()) {
      walk.note(binary.in(), Words.shorten(binary.in()), "copies from the image " + binary.in()
          .flag("from") + ", not from a stage of this Dockerfile; extract " + binary.source()
          + " from it to ./" + Words.basename(s));
      return Words.basename(s);
    }
    return s.startsWith("/") ? s.substring(1) : s;
  }
}
