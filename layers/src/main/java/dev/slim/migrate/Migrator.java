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

/**
 * {@code slim migrate}: reads a multi-stage Dockerfile, finds the final stage and the binary it
 * copies from a build stage, and says what the same image is as a {@code slim.yaml}.
 */
public final class Migrator {

  static final int MAX_BYTES = 16 << 20;

  private Migrator() {}

  /**
   * What {@code docker build} would be told besides the Dockerfile.
   *
   * @param buildArgs {@code --build-arg K=V}: they replace the defaults of the ARGs they name
   * @param target {@code --target STAGE}: the stage that is the image, or null for the last one
   * @param platforms {@code --platform}: {@code os/arch[/variant]}; empty: linux/amd64 and
   *     linux/arm64 when the build depends on the platform
   */
  public record Options(Map<String, String> buildArgs, String target, List<String> platforms) {
    public static final Options NONE = new Options(Map.of(), null);

    public Options {
      buildArgs = Map.copyOf(buildArgs);
      platforms = List.copyOf(platforms);
    }

    public Options(Map<String, String> buildArgs, String target) {
      this(buildArgs, target, List.of());
    }
  }

  /** Migrates the Dockerfile at {@code file}. */
  public static Migration migrate(Path file) throws SlimException {
    return migrate(file, Options.NONE);
  }

  /** Migrates the Dockerfile at {@code file} as {@code docker build} with {@code options}. */
  public static Migration migrate(Path file, Options options) throws SlimException {
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
        file.toAbsolutePath().getParent(), options);
  }

  /** Migrates a Dockerfile given as text; {@code name} is used in messages. */
  public static Migration migrate(String text, String name) throws SlimException {
    return migrate(text, name, null, Options.NONE);
  }

  /** Migrates a Dockerfile given as text, as {@code docker build} with {@code options}. */
  public static Migration migrate(String text, String name, Options options)
      throws SlimException {
    return migrate(text, name, null, options);
  }

  /** Migrates a Dockerfile given as text; files it copies are read from {@code context}. */
  static Migration migrate(String text, String name, Path context, Options options)
      throws SlimException {
    List<Platform> platforms = new ArrayList<>();
    for (String p : options.platforms()) {
      Platform platform = Platform.parse(p);
      if (platform == null) {
        throw new SlimException(Reason.USAGE, "--platform " + p + ": not a platform; allowed:"
            + " OS/ARCH[/VARIANT], e.g. linux/amd64, linux/arm/v7");
      }
      if (!platforms.contains(platform)) {
        platforms.add(platform);
      }
    }
    try {
      List<Instruction> parsed = DockerfileParser.parse(text);
      if (!Platform.USED.matcher(text).find()) {
        return new Run(name, parsed, context, options, null, false, false).migrate();
      }
      return PerPlatform.migrate(platforms, (platform, suffixed, probe) ->
          new Run(name, parsed, context, options, platform, suffixed, probe).migrate());
    } catch (Walk.Refusal r) {
      throw new SlimException(Reason.USAGE, r.getMessage());
    } catch (BinaryChoice.Unworkable u) {
      throw new SlimException(Reason.UNMIGRATABLE, name + ":" + (u.in == null ? "" : u.in.line()
          + ": " + Words.shorten(u.in) + ": ") + u.getMessage());
    }
  }

  /** One migration: the final stage walked, with the parts that read its instructions. */
  private static final class Run {
    private final List<Instruction> dockerfile;
    private final Path context;
    private final Walk walk;
    private final Instructions instructions;
    private final Entrypoint entry;
    private final BuildStage buildStage;
    private final String target;

    Run(String file, List<Instruction> dockerfile, Path context, Options options,
        Platform platform, boolean suffixed, boolean probe) {
      this.dockerfile = dockerfile;
      this.context = context;
      this.target = options.target();
      this.walk = new Walk(file, options.buildArgs(), platform, suffixed, probe);
      this.instructions = new Instructions(walk);
      this.entry = new Entrypoint(walk);
      this.buildStage = new BuildStage(walk, instructions);
    }

    Migration migrate() throws SlimException {
      walk.splitStages(dockerfile);
      Stage last = target == null ? walk.stages().get(walk.stages().size() - 1)
          : walk.target(target);
      List<Stage> chain = walk.chain(last);
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
      walk.notes.addAll(baseNotes(root));

      walk.asDocker = true;
      for (Stage stage : chain) {
        for (Instruction in : stage.body()) {
          switch (in.keyword()) {
            case "ARG" -> walk.arg(in, vars);
            case "ENV" -> {
              Map<String, String> pairs = instructions.pairs(in, vars, true);
              vars.putAll(pairs);
              pairs.forEach((k, v) -> {
                if (Unset.extendsBase(instructions.raw(in, k))) {
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
            case "LABEL" -> labels.putAll(instructions.pairs(in, vars, false));
            case "EXPOSE" -> {
              for (String port : walk.expand(in.rest(), vars, in).split("\\s+")) {
                String p = port.toLowerCase(Locale.ROOT);
                String digits = p.replaceFirst("/.*", "");
                if (p.matches("\\d+(/(tcp|udp))?") && (digits.length() > 5
                    || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535)) {
                  throw walk.refusal(in, port + " is not a port; allowed: 1-65535, optionally"
                      + " followed by /tcp or /udp");
                } else if (p.matches("\\d{1,5}(/(tcp|udp))?")) {
                  ports.add(p.endsWith("/tcp") ? p.substring(0, p.length() - 4) : p);
                } else if (!p.isEmpty()) {
                  note(in, "EXPOSE " + port, "not a single port; list each port under 'ports'");
                }
              }
            }
            case "USER" -> {
              user = instructions.user(in, walk.expand(in.rest(), vars, in));
              userSet = true;
            }
            case "WORKDIR" -> {
              workdir = Words.absolute(workdir, walk.expand(in.rest(), vars, in));
              if (Settings.workdir(workdir) != null) {
                throw walk.refusal(in, "the working directory " + Settings.workdir(workdir));
              }
            }
            case "ENTRYPOINT" -> {
              entrypoint = in;
              cmd = null;
            }
            case "CMD" -> cmd = in;
            case "COPY", "ADD" -> {
              copies.addAll(instructions.copy(in, vars, workdir));
            }
            case "RUN" -> {
              runs.add(in);
              note(in, Words.shorten(in), instructions.runAdvice(in.rest()));
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
            case "MAINTAINER" -> labels.put("maintainer", walk.expand(in.rest(), vars, in));
            default -> note(in, Words.shorten(in), "unknown instruction; ignored");
          }
        }
      }
      walk.asDocker = false;
      Instruction where = entrypoint != null ? entrypoint : cmd;
      BinaryChoice.Choice choice = BinaryChoice.choose(copies, entry.words(entrypoint, cmd, env),
          where, workdir, context, runs, new BinaryChoice.Stages() {
            @Override
            public List<String> contents(Copy copy) {
              return buildStage.contents(copy);
            }

            @Override
            public Copy built(List<String> candidates) {
              return buildStage.built(last, candidates);
            }

            @Override
            public Instruction fills(Copy copy) {
              return buildStage.fills(copy);
            }
          });
      Copy binary = choice.copy();
      if (choice.via() != null) {
        String unbuilt = binary.stage() == null ? null : buildStage.unbuilt(binary);
        if (unbuilt != null) {
          throw new BinaryChoice.Unworkable(binary.in(), choice.via() + "; but " + unbuilt);
        }
        note(binary.in(), Words.shorten(binary.in()), choice.via());
      }
      if (choice.wrapper() != null) {
        note(where, choice.wrapper(), "init wrapper dropped; use 'docker run --init' or your"
            + " orchestrator's init if the binary does not reap child processes");
      }
      java.util.Set<Instruction> noted = new java.util.HashSet<>();
      for (Copy other : copies) {
        if ((binary == null || !other.in().equals(binary.in())) && noted.add(other.in())) {
          boolean init = choice.wrapper() != null && other.dest() != null
              && Words.basename(other.dest()).equals(Words.basename(choice.wrapper()));
          note(other.in(), Words.shorten(other.in()), init ? "the init wrapper the entrypoint"
              + " runs; dropped with it" : "slim's image holds one binary; "
              + instructions.extraFileAdvice(other));
        }
      }
      if (binary != null && binary.heredoc()) {
        throw walk.refusal(binary.in(), "the entrypoint runs " + binary.dest() + ", which this COPY"
            + " writes from text in the Dockerfile (a heredoc), not a binary; slim migrate needs"
            + " a final stage that copies the binary, e.g. COPY --from=build /out/app /app");
      }
      if (binary == null) {
        throw new SlimException(Reason.USAGE, walk.file() + ": the final stage (line " + last.line()
            + ") copies no single file: slim migrate needs a final stage that copies the"
            + " binary, e.g. COPY --from=build /out/app /app");
      }

      String path = binary.dest();
      if (Settings.path(path) != null) {
        throw walk.refusal(binary.in(), "the binary's path in the image " + Settings.path(path));
      }
      List<String> args = choice.args();
      if (!userSet) {
        walk.notes.add(new Migration.Note(last.line(), "no USER", "the Dockerfile's image runs as"
            + " its base's user (root unless the base sets one); slim runs as 65532:65532;"
            + " add 'user: \"0:0\"' only if the binary really needs root"));
      }
      BuildStage.Plan plan = binary.stage() == null ? null : buildStage.plan(binary);
      String binaryPath = plan != null ? plan.binaryPath() : "./" + buildStage.contextPath(binary);
      BaseChoice.Decision base = BaseChoice.of(copies, runs);
      if (base != null) {
        walk.notes.removeIf(n -> n.line() == root.line() && n.what().equals("FROM " + root.from()));
        walk.notes.add(new Migration.Note(base.in().line(), "base: " + base.base(), base.why()));
      }
      SlimConfig config = SlimConfig.of(binaryPath)
          .withBase(base == null ? "scratch" : base.base())
          .withImage(path, args, env, labels, ports, user, workdir);
      walk.unusedBuildArgs();
      walk.notes.sort(java.util.Comparator.comparingInt(Migration.Note::line));
      return new Migration(config, plan == null ? null : plan.step(), walk.notes);
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

    private void note(Instruction in, String what, String why) {
      walk.note(in, what, why);
    }
  }
}
