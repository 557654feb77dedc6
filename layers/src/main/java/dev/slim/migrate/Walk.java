package dev.slim.migrate;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The state of one migration while the Dockerfile is walked: its stages, the notes so far, and
 * how {@code $VAR} expands (as Docker does at build time in the final stage, with a note for an
 * unset variable). The parts that read instructions share it.
 */
final class Walk {

  /** A Dockerfile migrate cannot carry, found deep in the walk: a usage error with its line. */
  static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message, null, false, false);
    }
  }

  final List<Migration.Note> notes = new ArrayList<>();
  /** Expand as Docker does at build time (the final stage): unset is empty, with a note. */
  boolean asDocker;
  private final String file;
  private final Map<String, String> globalArgs = new LinkedHashMap<>();
  private final List<Stage> stages = new ArrayList<>();
  private final Map<String, Stage> byName = new HashMap<>();
  private final Variables variables = new Variables();
  private final Set<String> unsetNoted = new HashSet<>();
  private final Map<String, String> buildArgs;
  private final Set<String> declared = new HashSet<>();
  private final Platform platform;
  private final Map<String, String> automatic;
  private final boolean suffixed;
  private final boolean probe;

  /**
   * A walk with {@code buildArgs}; for {@code platform} (or none: null) with the automatic
   * platform ARGs, and binaries named for the platform when {@code suffixed}. A {@code probe}
   * adds no GOARCH or Rust target that the Dockerfile does not say: it tells whether the build
   * depends on the platform.
   */
  Walk(String file, Map<String, String> buildArgs, Platform platform, boolean suffixed,
      boolean probe) {
    this.file = file;
    this.probe = probe;
    this.buildArgs = buildArgs;
    this.platform = platform;
    this.suffixed = suffixed;
    this.automatic = platform == null ? Map.of() : platform.args(Platform.host());
    globalArgs.putAll(automatic);
  }

  /** The platform this walk builds for, or null when the Dockerfile names none. */
  Platform platform() {
    return platform;
  }

  /** The platform a build command is rewritten for: none in a probe. */
  Platform buildPlatform() {
    return probe ? null : platform;
  }

  /** The name of the binary built from {@code source}: its base name, with the platform. */
  String binaryName(String source) {
    String name = Words.basename(source);
    return suffixed ? name + "-" + platform.suffix() : name;
  }

  /** The Dockerfile's name, for messages. */
  String file() {
    return file;
  }

  /** The stages, in Dockerfile order ({@link #splitStages} reads them). */
  List<Stage> stages() {
    return stages;
  }

  void splitStages(List<Instruction> instructions) throws SlimException {
    Stage current = null;
    List<Instruction> body = new ArrayList<>();
    for (Instruction in : instructions) {
      if (in.keyword().equals("FROM")) {
        if (current != null) {
          stages.add(new Stage(current.index(), current.name(), current.from(), current.line(),
              body));
        }
        String[] words = in.rest().split("\\s+");
        String image = expand(words[0], globalArgs, in);
        String name = words.length >= 3 && words[1].equalsIgnoreCase("AS")
            ? words[2].toLowerCase(Locale.ROOT) : null;
        current = new Stage(stages.size(), name, image, in.line(), List.of());
        body = new ArrayList<>();
      } else if (current == null) {
        if (in.keyword().equals("ARG")) {
          arg(in, globalArgs);
        } else {
          throw new SlimException(Reason.USAGE, file + ":" + in.line() + ": " + in.keyword()
              + " before the first FROM; a Dockerfile starts with FROM (or ARG)");
        }
      } else {
        body.add(in);
      }
    }
    if (current == null) {
      throw new SlimException(Reason.USAGE, file + ": no FROM instruction: not a Dockerfile");
    }
    stages.add(new Stage(current.index(), current.name(), current.from(), current.line(), body));
    for (Stage s : stages) {
      if (s.name() != null) {
        byName.putIfAbsent(s.name(), s);
      }
    }
  }

  /** The final stage and the stages it is built FROM, root first. */
  List<Stage> chain(Stage last) {
    List<Stage> chain = new ArrayList<>();
    for (Stage s = last; s != null; s = stage(s.from(), s.index())) {
      chain.add(s);
    }
    java.util.Collections.reverse(chain);
    return chain;
  }

  /** The first stage before {@code before} named (or numbered) {@code ref}, by lookup. */
  Stage stage(String ref, int before) {
    String r = ref.toLowerCase(Locale.ROOT);
    Stage named = byName.get(r);
    Stage numbered = r.matches("\\d{1,9}") && Integer.parseInt(r) < stages.size()
        ? stages.get(Integer.parseInt(r)) : null;
    Stage first = named == null || numbered != null && numbered.index() < named.index()
        ? numbered : named;
    return first != null && first.index() < before ? first : null;
  }

  /** The stage {@code --target} names; a usage error naming the stages when there is none. */
  Stage target(String name) throws SlimException {
    Stage s = byName.get(name.toLowerCase(Locale.ROOT));
    if (s != null) {
      return s;
    }
    List<String> names = stages.stream().map(Stage::name).filter(n -> n != null).toList();
    throw new SlimException(Reason.USAGE, "--target " + name + ": " + file + " has no stage named "
        + name + (names.isEmpty() ? "; it names none (FROM IMAGE AS NAME)"
        : "; its stages: " + String.join(", ", names)));
  }

  /** A note for each {@code --build-arg} no ARG of the walked stages declares, as Docker warns. */
  void unusedBuildArgs() {
    for (String name : new java.util.TreeSet<>(buildArgs.keySet())) {
      if (!declared.contains(name)) {
        notes.add(new Migration.Note(0, "--build-arg " + name, "no ARG " + name + " in the"
            + " stages of the image; ignored, as docker build ignores it"));
      }
    }
  }

  /**
   * An ARG: a {@code --build-arg} of its name wins, then its default, then (without one) the
   * global ARG's value, as in Docker.
   */
  void arg(Instruction in, Map<String, String> vars) {
    for (String word : in.rest().split("\\s+")) {
      int eq = word.indexOf('=');
      String name = eq < 0 ? word : word.substring(0, eq);
      if (name.isEmpty()) {
        continue;
      }
      declared.add(name);
      if (buildArgs.containsKey(name)) {
        vars.put(name, buildArgs.get(name));
      } else if (automatic.containsKey(name)) {
        vars.put(name, automatic.get(name));
      } else if (eq >= 0) {
        vars.put(name, expand(Words.unquote(word.substring(eq + 1)), vars, in));
      } else if (globalArgs.containsKey(name)) {
        vars.put(name, globalArgs.get(name));
      }
    }
  }

  void note(Instruction in, String what, String why) {
    notes.add(new Migration.Note(in.line(), what, why));
  }

  String expand(String text, Map<String, String> vars, Instruction in) {
    return expand(text, vars::get, in);
  }

  String expand(String text, java.util.function.UnaryOperator<String> lookup,
      Instruction in) {
    try {
      return !asDocker ? variables.expand(text, lookup)
          : variables.expandAsDocker(text, lookup, name -> {
            boolean inEnv = in.keyword().equals("ENV") && Unset.FROM_BASE.contains(name);
            if (!inEnv && unsetNoted.add(in.line() + " " + name)) {
              note(in, Words.shorten(in), Unset.why(name));
            }
          });
    } catch (Variables.TooLarge e) {
      throw refusal(in, e.getMessage());
    }
  }

  Refusal refusal(Instruction in, String why) {
    return new Refusal(file + ":" + in.line() + ": " + Words.shorten(in) + ": " + why);
  }
}
