package dev.slim.migrate;

import java.util.LinkedHashMap;
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

  Plan plan(Copy binary) {
    Stage stage = walk.stage(binary.stage(), Integer.MAX_VALUE);
    if (stage == null) {
      return null;
    }
    Map<String, String> vars = new LinkedHashMap<>();
    Map<String, String> stageEnv = new LinkedHashMap<>();
    String workdir = null;
    Build found = null;
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
          case "RUN" -> {
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
                found = b.at(in, walk.expand(seg, vars, in), new LinkedHashMap<>(vars),
                    new LinkedHashMap<>(stageEnv), workdir, cd == null ? null
                        : Words.normalize(cd).substring(1));
              }
            }
          }
          default -> { }
        }
      }
    }
    String name = walk.binaryName(binary.source());
    if (found == null) {
      walk.notes.add(new Migration.Note(stage.line(), "FROM " + stage.from() + " AS "
          + stage.label(), "no go, cargo, cc or make command found in the stage that builds "
          + binary.source() + "; build it statically and put it at ./" + name));
      return new Plan(null, "./" + name);
    }
    Builds.Result result = Builds.rewrite(found, binary.source(), name,
        walk.buildPlatform());
    for (String n : result.notes()) {
      walk.notes.add(new Migration.Note(found.in().line(), Words.shorten(found.in()), n));
    }
    return new Plan(new Migration.BuildStep(stage.label(), found.in().line(),
        result.command(), walk.platform() == null ? null : walk.platform().toString()),
        result.binaryPath());
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
