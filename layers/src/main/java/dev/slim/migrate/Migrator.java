package dev.slim.migrate;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.config.SlimConfig;
import dev.slim.plan.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code slim migrate}: reads a multi-stage Dockerfile, finds the final stage and the binary it
 * copies from a build stage, and says what the same image is as a {@code slim.yaml}.
 */
public final class Migrator {

  private static final Pattern VAR = Pattern.compile("\\$(\\{[A-Za-z_]|[A-Za-z_])");

  static final int MAX_BYTES = 16 << 20;

  private Migrator() {}

  /** Migrates the Dockerfile at {@code file}. */
  public static Migration migrate(Path file) throws SlimException {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new SlimException(Reason.USAGE, file + ": " + Files.size(file) + " bytes; slim"
            + " migrate reads Dockerfiles of at most " + MAX_BYTES + " (16 MiB)");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SlimException(Reason.USAGE, "Dockerfile not found: " + file);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new SlimException(Reason.USAGE, file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new SlimException(Reason.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
    return migrate(text, file.getFileName() == null ? "Dockerfile" : file.getFileName().toString(),
        file.toAbsolutePath().getParent());
  }

  /** Migrates a Dockerfile given as text; {@code name} is used in messages. */
  public static Migration migrate(String text, String name) throws SlimException {
    return migrate(text, name, null);
  }

  /** Migrates a Dockerfile given as text; files it copies are read from {@code context}. */
  static Migration migrate(String text, String name, Path context) throws SlimException {
    try {
      return new Run(name, DockerfileParser.parse(text), context).migrate();
    } catch (Refusal r) {
      throw new SlimException(Reason.USAGE, r.getMessage());
    } catch (BinaryChoice.Unworkable u) {
      throw new SlimException(Reason.UNMIGRATABLE, name + ":" + (u.in == null ? "" : u.in.line()
          + ": " + Words.shorten(u.in) + ": ") + u.getMessage());
    }
  }

  /** A Dockerfile migrate cannot carry, found deep in the walk: a usage error with its line. */
  private static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message, null, false, false);
    }
  }

  /** A stage: its FROM line and the instructions after it. */
  private record Stage(int index, String name, String from, int line, List<Instruction> body) {
    String label() {
      return name != null ? name : String.valueOf(index);
    }
  }

  /** One migration: the state while the final stage is walked. */
  private static final class Run {
    private final String file;
    private final List<Instruction> instructions;
    private final List<Migration.Note> notes = new ArrayList<>();
    private final Map<String, String> globalArgs = new LinkedHashMap<>();
    private final List<Stage> stages = new ArrayList<>();
    private final Map<String, Stage> byName = new java.util.HashMap<>();
    private final Variables variables = new Variables();
    private final Path context;
    /** Expand as Docker does at build time (the final stage): unset is empty, with a note. */
    private boolean asDocker;
    private final Set<String> unsetNoted = new java.util.HashSet<>();

    Run(String file, List<Instruction> instructions, Path context) {
      this.file = file;
      this.instructions = instructions;
      this.context = context;
    }

    Migration migrate() throws SlimException {
      splitStages();
      Stage last = stages.get(stages.size() - 1);
      List<Stage> chain = chain(last);
      Stage root = chain.get(0);

      Map<String, String> vars = new LinkedHashMap<>();
      Map<String, String> env = new LinkedHashMap<>();
      Map<String, String> labels = new LinkedHashMap<>();
      List<String> ports = new ArrayList<>();
      String user = null;
      String workdir = null;
      Instruction entrypoint = null;
      Instruction cmd = null;
      List<Copy> copies = new ArrayList<>();
      List<Instruction> runs = new ArrayList<>();
      boolean userSet = false;
      notes.addAll(baseNotes(root));

      asDocker = true;
      for (Stage stage : chain) {
        for (Instruction in : stage.body()) {
          switch (in.keyword()) {
            case "ARG" -> arg(in, vars);
            case "ENV" -> {
              Map<String, String> pairs = pairs(in, vars, true);
              vars.putAll(pairs);
              pairs.forEach((k, v) -> {
                if (Unset.extendsBase(raw(in, k))) {
                  note(in, Words.shorten(in), k + " left out: it extends the base image's value,"
                      + " and a slim image holds only the binary (no PATH to search)");
                } else if (Settings.envKey(k) == null) {
                  env.put(k, v);
                } else {
                  note(in, Words.shorten(in), "'" + k + "' is not a name slim can set (letters,"
                      + " digits and '_', not first a digit); left out");
                }
              });
            }
            case "LABEL" -> labels.putAll(pairs(in, vars, false));
            case "EXPOSE" -> {
              for (String port : expand(in.rest(), vars, in).split("\\s+")) {
                String p = port.toLowerCase(Locale.ROOT);
                String digits = p.replaceFirst("/.*", "");
                if (p.matches("\\d+(/(tcp|udp))?") && (digits.length() > 5
                    || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535)) {
                  throw refusal(in, port + " is not a port; allowed: 1-65535, optionally"
                      + " followed by /tcp or /udp");
                } else if (p.matches("\\d{1,5}(/(tcp|udp))?")) {
                  ports.add(p.endsWith("/tcp") ? p.substring(0, p.length() - 4) : p);
                } else if (!p.isEmpty()) {
                  note(in, "EXPOSE " + port, "not a single port; list each port under 'ports'");
                }
              }
            }
            case "USER" -> {
              user = user(in, expand(in.rest(), vars, in));
              userSet = true;
            }
            case "WORKDIR" -> {
              workdir = Words.absolute(workdir, expand(in.rest(), vars, in));
              if (Settings.workdir(workdir) != null) {
                throw refusal(in, "the working directory " + Settings.workdir(workdir));
              }
            }
            case "ENTRYPOINT" -> {
              entrypoint = in;
              cmd = null;
            }
            case "CMD" -> cmd = in;
            case "COPY", "ADD" -> {
              Copy copy = copy(in, vars, workdir);
              if (copy != null) {
                copies.add(copy);
              }
            }
            case "RUN" -> {
              runs.add(in);
              note(in, Words.shorten(in), runAdvice(in.rest()));
            }
            case "HEALTHCHECK" -> note(in, Words.shorten(in), "an OCI image has no health check;"
                + " declare it where the container runs (Kubernetes probes, compose"
                + " healthcheck), and note that a scratch image has no curl or shell to run one");
            case "VOLUME" -> note(in, Words.shorten(in), "declare volumes where the container runs"
                + " (docker run -v, Kubernetes volumes); the binary's path must stay writable"
                + " there if it writes to it");
            case "STOPSIGNAL" -> note(in, Words.shorten(in), "slim build does not set a stop"
                + " signal; the container runtime sends SIGTERM: handle it in the binary");
            case "SHELL" -> note(in, Words.shorten(in), "a slim image has no shell");
            case "ONBUILD" -> note(in, Words.shorten(in), "slim images are not used as bases for"
                + " Dockerfile builds");
            case "MAINTAINER" -> labels.put("maintainer", expand(in.rest(), vars, in));
            default -> note(in, Words.shorten(in), "unknown instruction; ignored");
          }
        }
      }
      asDocker = false;
      Instruction where = entrypoint != null ? entrypoint : cmd;
      BinaryChoice.Choice choice = BinaryChoice.choose(copies, entryWords(entrypoint, cmd, env),
          where, workdir, context, runs);
      Copy binary = choice.copy();
      if (choice.wrapper() != null) {
        note(where, choice.wrapper(), "init wrapper dropped; use 'docker run --init' or your"
            + " orchestrator's init if the binary does not reap child processes");
      }
      for (Copy other : copies) {
        if (binary == null || !other.in().equals(binary.in())) {
          boolean init = choice.wrapper() != null
              && Words.basename(other.dest()).equals(Words.basename(choice.wrapper()));
          note(other.in(), Words.shorten(other.in()), init ? "the init wrapper the entrypoint"
              + " runs; dropped with it" : "slim's image holds one binary; "
              + extraFileAdvice(other));
        }
      }
      if (binary != null && binary.heredoc()) {
        throw refusal(binary.in(), "the entrypoint runs " + binary.dest() + ", which this COPY"
            + " writes from text in the Dockerfile (a heredoc), not a binary; slim migrate needs"
            + " a final stage that copies the binary, e.g. COPY --from=build /out/app /app");
      }
      if (binary == null) {
        throw new SlimException(Reason.USAGE, file + ": the final stage (line " + last.line()
            + ") copies no single file: slim migrate needs a final stage that copies the"
            + " binary, e.g. COPY --from=build /out/app /app");
      }

      String path = binary.dest();
      if (Settings.path(path) != null) {
        throw refusal(binary.in(), "the binary's path in the image " + Settings.path(path));
      }
      List<String> args = choice.args();
      if (!userSet) {
        notes.add(new Migration.Note(last.line(), "no USER", "the Dockerfile's image runs as"
            + " its base's user (root unless the base sets one); slim runs as 65532:65532;"
            + " add 'user: \"0:0\"' only if the binary really needs root"));
      }
      BuildPlan plan = binary.stage() == null ? null : buildStep(binary);
      String binaryPath = plan != null ? plan.binaryPath() : "./" + relativeContextPath(binary);
      BaseChoice.Decision base = BaseChoice.of(copies, runs);
      if (base != null) {
        notes.removeIf(n -> n.line() == root.line() && n.what().equals("FROM " + root.from()));
        notes.add(new Migration.Note(base.in().line(), "base: " + base.base(), base.why()));
      }
      SlimConfig config = SlimConfig.of(binaryPath)
          .withBase(base == null ? "scratch" : base.base())
          .withImage(path, args, env, labels, ports, user, workdir);
      notes.sort(java.util.Comparator.comparingInt(Migration.Note::line));
      return new Migration(config, plan == null ? null : plan.step(), notes);
    }

    // --- stages ----------------------------------------------------------------------------

    private void splitStages() throws SlimException {
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
    private List<Stage> chain(Stage last) {
      List<Stage> chain = new ArrayList<>();
      for (Stage s = last; s != null; s = stage(s.from(), s.index())) {
        chain.add(s);
      }
      java.util.Collections.reverse(chain);
      return chain;
    }

    /** The first stage before {@code before} named (or numbered) {@code ref}, by lookup. */
    private Stage stage(String ref, int before) {
      String r = ref.toLowerCase(Locale.ROOT);
      Stage named = byName.get(r);
      Stage numbered = r.matches("\\d{1,9}") && Integer.parseInt(r) < stages.size()
          ? stages.get(Integer.parseInt(r)) : null;
      Stage first = named == null || numbered != null && numbered.index() < named.index()
          ? numbered : named;
      return first != null && first.index() < before ? first : null;
    }

    private List<Migration.Note> baseNotes(Stage root) {
      String from = root.from().toLowerCase(Locale.ROOT);
      String why;
      if (from.equals("scratch")) {
        return List.of();
      } else if (from.contains("distroless")) {
        why = "slim uses scratch: the binary alone. Distroless also carries CA certificates,"
            + " tzdata and /etc/passwd; if the binary makes TLS calls or loads time zones,"
            + " embed them (Go: import _ \"time/tzdata\"; golang.org/x/crypto/x509roots/fallback)"
            + " or choose a slim base that has them";
      } else if (from.startsWith("alpine") || from.contains("/alpine")) {
        why = "slim uses scratch: no shell, no apk, no musl libc (the binary is static);"
            + " CA certificates and tzdata are gone unless the binary embeds them or a slim"
            + " base adds them";
      } else if (from.startsWith("debian") || from.startsWith("ubuntu") || from.contains("/debian")
          || from.contains("/ubuntu")) {
        why = "slim uses scratch: no shell, no apt, no glibc (the binary is static);"
            + " CA certificates and tzdata are gone unless the binary embeds them or a slim"
            + " base adds them";
      } else {
        why = "slim uses scratch: nothing from this base is carried over but the copied binary";
      }
      return List.of(new Migration.Note(root.line(), "FROM " + root.from(), why));
    }

    // --- instructions ----------------------------------------------------------------------

    private void arg(Instruction in, Map<String, String> vars) {
      for (String word : in.rest().split("\\s+")) {
        int eq = word.indexOf('=');
        String name = eq < 0 ? word : word.substring(0, eq);
        if (name.isEmpty()) {
          continue;
        }
        if (eq >= 0) {
          vars.put(name, expand(Words.unquote(word.substring(eq + 1)), vars, in));
        } else if (globalArgs.containsKey(name)) {
          vars.put(name, globalArgs.get(name));
        }
      }
    }

    /** The text of ENV {@code key}'s value as written. */
    private static String raw(Instruction in, String key) {
      for (String token : Words.tokens(in.rest())) {
        if (Words.unquote(token).startsWith(key + "=") || token.startsWith(key + "=")) {
          return token;
        }
      }
      return in.rest().startsWith(key + " ") ? in.rest() : "";
    }

    /** {@code K=V K2="v 2"}, or the legacy {@code K value with spaces}. */
    private Map<String, String> pairs(Instruction in, Map<String, String> vars, boolean isEnv) {
      Map<String, String> result = new LinkedHashMap<>();
      String rest = in.rest();
      int firstSpace = rest.indexOf(' ');
      int firstEq = rest.indexOf('=');
      if (isEnv && firstEq < 0 || (firstSpace >= 0 && firstEq > firstSpace && isEnv
          && !rest.substring(0, firstSpace).contains("="))) {
        if (firstSpace > 0) {
          result.put(rest.substring(0, firstSpace),
              expand(rest.substring(firstSpace + 1).strip(), vars, in));
        }
        return result;
      }
      for (String token : Words.tokens(rest)) {
        int eq = token.indexOf('=');
        if (eq <= 0) {
          note(in, Words.shorten(in), "'" + token + "' is not KEY=VALUE; ignored");
          continue;
        }
        result.put(Words.unquote(token.substring(0, eq)),
            expand(Words.unquote(token.substring(eq + 1)),
                name -> result.containsKey(name) ? result.get(name) : vars.get(name), in));
      }
      return result;
    }

    private String user(Instruction in, String value) {
      String[] parts = value.split(":", 2);
      String uid = numericUser(parts[0]);
      String gid = parts.length > 1 ? numericUser(parts[1]) : null;
      if (uid == null || (parts.length > 1 && gid == null)) {
        note(in, "USER " + value, "a scratch image has no /etc/passwd, so names do not resolve;"
            + " slim uses its default 65532:65532: set 'user' to the numeric UID:GID you need");
        return null;
      }
      if (!parts[0].matches("\\d+") || (parts.length > 1 && !parts[1].matches("\\d+"))) {
        note(in, "USER " + value, "written as " + uid + (gid == null ? "" : ":" + gid)
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

    private Copy copy(Instruction in, Map<String, String> vars, String workdir) {
      List<String> words = in.json() != null ? in.json() : List.of(in.rest().split("\\s+"));
      List<String> expanded = new ArrayList<>();
      for (String w : words) {
        expanded.add(expand(w, vars, in));
        if (expanded.get(expanded.size() - 1).indexOf('\0') >= 0) {
          throw refusal(in, "a file name holds a NUL character, which no file name can");
        }
      }
      if (expanded.size() < 2) {
        note(in, Words.shorten(in), "needs a source and a destination; ignored");
        return null;
      }
      List<String> sources = expanded.subList(0, expanded.size() - 1);
      String dest = expanded.get(expanded.size() - 1);
      String from = in.flag("from");
      if (from != null) {
        from = expand(from, vars, in);
      }
      if (sources.size() > 1) {
        note(in, Words.shorten(in), "copies several files; slim's image holds one binary: "
            + extraFileAdvice(null));
        return null;
      }
      String source = sources.get(0);
      if (source.contains("*") || source.contains("?") || source.startsWith("http://")
          || source.startsWith("https://") || (from == null && (source.equals(".")
          || source.endsWith("/")))) {
        note(in, Words.shorten(in), "copies a directory, a pattern or a URL; slim's image holds one"
            + " binary: " + extraFileAdvice(null));
        return null;
      }
      if (in.flag("chown") != null || in.flag("chmod") != null) {
        note(in, Words.shorten(in), "--chown/--chmod dropped: slim writes the binary as root:root,"
            + " mode 0755, and runs it as the image's user");
      }
      boolean folder = from != null && (source.endsWith("/") || source.endsWith("/."));
      String target = folder ? Words.absolute(workdir, dest)
          : dest.endsWith("/") || dest.equals(".")
          ? Words.absolute(workdir, dest + "/" + Words.basename(source))
          : Words.absolute(workdir, dest);
      Stage stage = from == null ? null : stage(from, Integer.MAX_VALUE);
      return new Copy(in, stage == null ? null : stage.label(), source, target,
          from != null && stage == null);
    }

    private String extraFileAdvice(Copy copy) {
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

    private String runAdvice(String command) {
      if (command.contains("apk add") || command.contains("apt-get install")
          || command.contains("apt install")) {
        return "packages cannot be installed into a slim image: the binary is static; CA"
            + " certificates and tzdata come with slim's static base (base: static+tzdata)";
      }
      if (command.contains("adduser") || command.contains("useradd")
          || command.contains("addgroup")) {
        return "no user database in a scratch image: slim runs as the numeric user in 'user'";
      }
      return "a slim image has no shell to run commands; do this at build time or in the binary";
    }

    // --- entrypoint --------------------------------------------------------------------------

    /** ENTRYPOINT then CMD, as Docker joins them (a shell-form ENTRYPOINT ignores CMD). */
    private List<String> entryWords(Instruction entrypoint, Instruction cmd,
        Map<String, String> env) {
      List<String> full = new ArrayList<>();
      if (entrypoint != null) {
        full.addAll(command(entrypoint, env));
        if (entrypoint.json() == null && cmd != null) {
          note(cmd, Words.shorten(cmd),
              "ignored by Docker too: a shell-form ENTRYPOINT ignores CMD");
          return full;
        }
      }
      if (cmd != null) {
        full.addAll(command(cmd, env));
      }
      return full;
    }

    /** The words of an ENTRYPOINT or CMD: exec form as is, shell form split when it can be. */
    private List<String> command(Instruction in, Map<String, String> env) {
      List<String> words = in.json() != null ? in.json() : shellWords(in, env);
      for (int i = 0; i < words.size(); i++) {
        if (words.get(i).indexOf('\0') >= 0) {
          throw refusal(in, "argument " + (i + 1) + " holds a NUL character, which no program"
              + " can receive; remove it");
        }
      }
      return words;
    }

    private List<String> shellWords(Instruction in, Map<String, String> env) {
      String text = in.rest();
      if (text.startsWith("exec ")) {
        text = text.substring(5).strip();
      }
      String expanded = text;
      if (VAR.matcher(text).find()) {
        expanded = expand(text, env, in);
        if (!VAR.matcher(expanded).find()) {
          note(in, Words.shorten(in), "shell form: $variables were expanded now from ENV; changing"
              + " them at run time no longer changes the arguments");
        }
      }
      List<String> words = ExecForm.words(expanded);
      if (words == null) {
        note(in, Words.shorten(in), "shell form needs /bin/sh, which a slim image does not have;"
            + " the words were kept as they are: check the arguments, or move the logic into"
            + " the binary");
        return List.of(expanded.split("\\s+"));
      }
      note(in, Words.shorten(in), "shell form written as exec form (a slim image has no /bin/sh):"
          + " the binary runs as PID 1 and receives signals directly");
      return words;
    }

    // --- build stage -------------------------------------------------------------------------

    private record BuildPlan(Migration.BuildStep step, String binaryPath) {}

    private BuildPlan buildStep(Copy binary) {
      Stage stage = stage(binary.stage(), Integer.MAX_VALUE);
      if (stage == null) {
        return null;
      }
      Map<String, String> vars = new LinkedHashMap<>();
      Map<String, String> stageEnv = new LinkedHashMap<>();
      String workdir = null;
      Build found = null;
      for (Stage s : chain(stage)) {
        for (Instruction in : s.body()) {
          switch (in.keyword()) {
            case "ARG" -> arg(in, vars);
            case "ENV" -> {
              Map<String, String> pairs = pairs(in, vars, true);
              stageEnv.putAll(pairs);
              vars.putAll(pairs);
            }
            case "WORKDIR" -> workdir = Words.absolute(workdir, expand(in.rest(), vars, in));
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
                  found = b.at(in, expand(seg, vars, in), new LinkedHashMap<>(vars),
                      new LinkedHashMap<>(stageEnv), workdir, cd == null ? null
                          : Words.normalize(cd).substring(1));
                }
              }
            }
            default -> { }
          }
        }
      }
      String name = Words.basename(binary.source());
      if (found == null) {
        notes.add(new Migration.Note(stage.line(), "FROM " + stage.from() + " AS "
            + stage.label(), "no go, cargo, cc or make command found in the stage that builds "
            + binary.source() + "; build it statically and put it at ./" + name));
        return new BuildPlan(null, "./" + name);
      }
      Builds.Result result = Builds.rewrite(found, binary.source(), name);
      for (String n : result.notes()) {
        notes.add(new Migration.Note(found.in().line(), Words.shorten(found.in()), n));
      }
      return new BuildPlan(new Migration.BuildStep(stage.label(), found.in().line(),
          result.command()), result.binaryPath());
    }

    private String relativeContextPath(Copy binary) {
      String s = binary.source();
      while (s.startsWith("./")) {
        s = s.substring(2);
      }
      if (binary.external()) {
        note(binary.in(), Words.shorten(binary.in()), "copies from the image " + binary.in()
            .flag("from") + ", not from a stage of this Dockerfile; extract " + binary.source()
            + " from it to ./" + Words.basename(s));
        return Words.basename(s);
      }
      return s.startsWith("/") ? s.substring(1) : s;
    }

    // --- helpers -----------------------------------------------------------------------------

    private void note(Instruction in, String what, String why) {
      notes.add(new Migration.Note(in.line(), what, why));
    }

    private String expand(String text, Map<String, String> vars, Instruction in) {
      return expand(text, vars::get, in);
    }

    private String expand(String text, java.util.function.UnaryOperator<String> lookup,
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

    private Refusal refusal(Instruction in, String why) {
      return new Refusal(file + ":" + in.line() + ": " + Words.shorten(in) + ": " + why);
    }
  }
}
