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
      Map<String, String[]> copiedIn, String workdir, boolean go) {}

  Plan plan(Copy binary) {
    Stage stage = walk.stage(binary.stage(), Integer.MAX_VALUE);
    if (stage == null) {
      return null;
    }
    String name = walk.binaryName(binary.source());
    Scan scan = scan(stage);
    String path = Words.absolute(scan.workdir(), binary.source());
    Build found = null;
    // the file the final stage copied, back through cp/mv/install and COPY --from of earlier
    // stages, to the build that wrote it
    for (int hop = 0; hop < 16 && found == null; hop++) {
      path = traced(path, scan.moves());
      found = writer(scan, path);
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
    String copied = Words.basename(path);
    for (int i = scan.builds().size() - 1; i >= 0 && found == null; i--) {
      Build b = scan.builds().get(i);
      // a go install writes the last element of its package's path: another name is a tool
      if (!b.tool().equals("GO_INSTALL") || installs(b).contains(copied)) {
        found = b;
      }
    }
    if (found == null) {
      walk.notes.add(new Migration.Note(stage.line(), "FROM " + stage.from() + " AS "
          + stage.label(), "no go, cargo, cc or make command found in the stage that builds "
          + binary.source() + "; build it statically and put it at ./" + name));
      return new Plan(null, "./" + name);
    }
    Builds.Result result = Builds.rewrite(found, binary.source(), name,
        walk.buildPlatform(), scan.go());
    for (String n : result.notes()) {
      walk.notes.add(new Migration.Note(found.in().line(), Words.shorten(found.in()), n));
    }
    return new Plan(new Migration.BuildStep(stage.label(), found.in().line(),
        result.command(), walk.platform() == null ? null : walk.platform().toString()),
        result.binaryPath());
  }

  /** The names of the programs a {@code go install} writes. */
  private static List<String> installs(Build b) {
    List<String> names = new ArrayList<>();
    for (String w : Words.tokens(b.command().strip())) {
      if (!w.startsWith("-") && !w.contains("=") && (w.contains("/") || w.equals("."))) {
        names.add(Words.basename(w.replaceFirst("@.*", "").replaceFirst("/\\.\\.\\.$", "")));
      }
    }
    return names;
  }

  private static String traced(String path, Map<String, String> moves) {
    String p = path;
    for (int hop = 0; hop <= moves.size() && moves.containsKey(p); hop++) {
      p = moves.get(p);
    }
    return p;
  }

  /** The last build whose {@code -o} is {@code path}, or null. */
  private static Build writer(Scan scan, String path) {
    for (int i = scan.builds().size() - 1; i >= 0; i--) {
      Build b = scan.builds().get(i);
      List<String> words = List.of(b.command().strip().split("\\s+"));
      int o = words.indexOf("-o");
      String out = o >= 0 && o + 1 < words.size() ? words.get(o + 1) : words.stream()
          .filter(w -> w.startsWith("-o=")).map(w -> w.substring(3)).findFirst().orElse(null);
      if (out == null || out.contains("$")) {
        continue;
      }
      String dir = b.cd() == null || b.cd().isEmpty() ? b.workdir()
          : Words.absolute(b.workdir(), b.cd());
      if (Words.absolute(dir, Words.unquote(out)).equals(path)) {
        return b;
      }
    }
    return null;
  }

  private Scan scan(Stage stage) {
    Map<String, String> vars = new LinkedHashMap<>();
    Map<String, String> stageEnv = new LinkedHashMap<>();
    List<Build> builds = new ArrayList<>();
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
          case "COPY" -> {
            String[] words = walk.expand(in.rest(), vars, in).strip().split("\\s+");
            String from = in.flag("from");
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
            for (String segment : command.split("&&|;|\\|\\||\n")) {
              String seg = segment.strip();
              if (seg.startsWith("cd ")) {
                String dir = seg.substring(3).strip();
                cd = dir.startsWith("/") || dir.contains("$") ? null
                    : (cd == null ? "" : cd + "/") + dir;
                continue;
              }
              Build b = Builds.recognise(seg);
              if (b != null) {
                builds.add(b.at(in, walk.expand(seg, vars, in), new LinkedHashMap<>(vars),
                    new LinkedHashMap<>(stageEnv), workdir, cd == null ? null
                        : Words.normalize(cd).substring(1)));
              }
            }
          }
          default -> { }
        }
      }
    }
    String root = walk.chain(stage).get(0).from().toLowerCase(java.util.Locale.ROOT);
    boolean go = root.contains("golang") || root.contains("go-toolset")
        || stageEnv.containsKey("GOPATH") || stageEnv.containsKey("CGO_ENABLED")
        || stageEnv.containsKey("GOFLAGS") || builds.stream().anyMatch(b -> b.tool()
        .startsWith("GO"));
    return new Scan(builds, moves, copiedIn, workdir, go);
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
