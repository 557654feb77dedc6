package dev.slim.config;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.files.OutputFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** {@code slim init}: a starter {@code slim.yaml} and, when asked, a CI workflow or job. */
public final class Starter {

  /** The CI systems there is a template for. */
  public enum Ci {
    GITHUB("github-workflow.yml", ".github/workflows/slim.yml"),
    GITLAB("gitlab-ci.yml", ".gitlab-ci.yml");

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
  public static List<Path> init(Request request) throws SlimException {
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(request.dir().resolve(ConfigFile.NAME), starter(request.binary(), request.image()));
    if (request.ci() != null) {
      files.put(request.dir().resolve(request.ci().target()),
          ci(request.ci(), request.build(), request.binary()));
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
    return written;
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

  /** A CI template with the build command and the project folder filled in. */
  public static String ci(Ci ci, String build, String binary) throws SlimException {
    String template = template(ci);
    String command = build != null ? build
        : "echo 'build your static binary to " + binary.replace("'", "") + " here'; exit 1";
    return template.replace("@@BUILD@@", command.replace("\n", " ")).replace("@@DIR@@", ".");
  }

  /** The raw template, as shipped in {@code templates/ci/}. */
  public static String template(Ci ci) throws SlimException {
    try (InputStream in = Starter.class.getResourceAsStream("ci/" + ci.template)) {
      if (in == null) {
        throw new IllegalStateException("CI template missing from the jar: " + ci.template);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the CI template " + ci.template, e);
    }
  }
}
