package dev.slim.config;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.files.OutputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code slim init}: a starter {@code slim.yaml} and, when asked, a CI workflow or job. */
public final class Starter {

  /** The CI systems there is a template for. */
  public enum Ci {
    GITHUB("github-workflow.yml", ".github/workflows/slim.yml"),
    GITLAB("slim.gitlab-ci.yml", ".gitlab/slim.gitlab-ci.yml");

    private final String template;
    private final String target;

    Ci(String template, String target) {
      this.template = template;
      this.target = target;
    }

    /** Where {@code slim init} writes it, relative to the project folder. */
    public String target() {
      return target;
    }

    public static Ci parse(String name) throws SlimException {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "github" -> GITHUB;
        case "gitlab" -> GITLAB;
        default -> throw new SlimException(Reason.USAGE,
            "--ci must be github or gitlab, not '" + name + "'");
      };
    }
  }

  /**
   * The toolchain the CI template sets up, chosen by {@link #detect}: Go ({@code actions/setup-go},
   * a {@code golang} image), Rust ({@code dtolnay/rust-toolchain} with the musl target, a
   * {@code rust} image) or neither (C or anything else: the runner's or Debian's compilers).
   */
  public enum Toolchain {
    GO("go", "Go"),
    RUST("rust", "Rust"),
    OTHER("c", "none (C or other)");

    private final String block;
    private final String label;

    Toolchain(String block, String label) {
      this.block = block;
      this.label = label;
    }

    /** How {@code slim init} names it to the user. */
    public String label() {
      return label;
    }
  }

  private static final Pattern CARGO = Pattern.compile("(^|[\\s;&|(/])cargo\\s");
  private static final Pattern GO_BUILD =
      Pattern.compile("(^|[\\s;&|(/])go\\s+(build|install)\\s");

  /**
   * The toolchain for a project: the build command decides when it runs {@code cargo} or
   * {@code go build|install}; else {@code go.mod} or {@code Cargo.toml} in the folder; else a
   * binary under {@code target/} (cargo's output folder) is Rust; else {@link Toolchain#OTHER}.
   */
  public static Toolchain detect(Path dir, String build, String binary) {
    if (build != null) {
      if (CARGO.matcher(build + " ").find()) {
        return Toolchain.RUST;
      }
      if (GO_BUILD.matcher(build + " ").find()) {
        return Toolchain.GO;
      }
    }
    if (Files.isRegularFile(dir.resolve("go.mod"))) {
      return Toolchain.GO;
    }
    if (Files.isRegularFile(dir.resolve("Cargo.toml"))) {
      return Toolchain.RUST;
    }
    String path = binary.startsWith("./") ? binary.substring(2) : binary;
    return path.startsWith("target/") ? Toolchain.RUST : Toolchain.OTHER;
  }

  /**
   * What was written and for which toolchain.
   *
   * @param files the files, in the order written
   * @param toolchain the toolchain the CI template sets up (also when no CI template was asked)
   */
  public record Written(List<Path> files, Toolchain toolchain) {
    public Written {
      files = List.copyOf(files);
      Objects.requireNonNull(toolchain, "toolchain");
    }
  }

  /**
   * What to write.
   *
   * @param dir the project folder
   * @param binary the binary, relative to {@code dir}
   * @param image the image reference, or null
   * @param build the command that builds the binary (for the CI template), or null
   * @param ci the CI template to write, or null
   * @param force overwrite existing files
   */
  public record Request(Path dir, String binary, String image, String build, Ci ci,
      boolean force) {
    public Request {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(binary, "binary");
    }
  }

  private Starter() {}

  /** Writes the files; returns them in the order written. Nothing is written on an error. */
  public static Written init(Request request) throws SlimException {
    Toolchain toolchain = detect(request.dir(), request.build(), request.binary());
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(request.dir().resolve(ConfigFile.NAME), starter(request.binary(), request.image()));
    if (request.ci() != null) {
      files.put(request.dir().resolve(request.ci().target()),
          ci(request.ci(), toolchain, request.build(), request.binary(), request.image()));
    }
    Map<Path, OutputFile> outputs = new LinkedHashMap<>();
    for (Path file : files.keySet()) {
      OutputFile output = OutputFile.of("--dir", file);
      if (output.replacesAFile() && !request.force()) {
        throw new SlimException(Reason.USAGE, file + " exists; use --force to overwrite it");
      }
      outputs.put(file, output);
    }
    List<Path> written = new ArrayList<>();
    for (Map.Entry<Path, String> e : files.entrySet()) {
      try {
        outputs.get(e.getKey()).write(e.getValue());
      } catch (IOException ex) {
        throw new SlimException(Reason.USAGE, "cannot write " + e.getKey() + ": "
            + ex.getMessage());
      }
      written.add(e.getKey());
    }
    return new Written(written, toolchain);
  }

  /** The starter {@code slim.yaml}: the binary, the image and slim's defaults spelled out. */
  public static String starter(String binary, String image) {
    SlimConfig config = SlimConfig.of(binary).withImageRef(image)
        .withImage("/app", List.of(), Map.of(), Map.of(), List.of(), "65532:65532", null)
        .withReports("build/slim-report.json", "build/slim-report.md", "build/image.digest");
    return ConfigFile.render(config, List.of(
        "slim.yaml: what 'slim build' builds (flags given to slim build override it).",
        "Keys: image, base, binary (or binaries: {linux/amd64: PATH, ...}), path, args, env,",
        "ports, user, workdir, labels, annotations, format, source, revision, gates.maxSize,",
        "ignoreWarnings, reports.json/markdown/digestFile, sbom. Values may use ${ENV_VAR}",
        "(unset = error).",
        "Paths are relative to this file's folder."));
  }

  /**
   * A CI template for a toolchain, with the build command, the project folder and slim's version
   * filled in. With an image (init's {@code -i}, which goes into slim.yaml) the job pushes that;
   * without one it names the CI registry's image for the repository, lowercased.
   */
  public static String ci(Ci ci, Toolchain toolchain, String build, String binary, String image) {
    String command = build != null ? build
        : "echo 'build your static binary to " + binary.replace("'", "") + " here'; exit 1";
    return CiTemplate.render(template(ci),
        Set.of(toolchain.block, image != null ? "image" : "no-image"),
        Map.of("BUILD", command.replace("\n", " "), "DIR", ".", "SLIM_VERSION", slimVersion()));
  }

  /** The version of this slim, as its distribution is named ({@code slim-VERSION.tar.gz}). */
  public static String slimVersion() {
    return CiTemplate.resource("slim-version.txt").strip();
  }

  /** The raw template, as shipped in {@code templates/ci/}. */
  public static String template(Ci ci) {
    return CiTemplate.resource("ci/" + ci.template);
  }
}
