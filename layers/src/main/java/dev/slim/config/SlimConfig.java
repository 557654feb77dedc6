package dev.slim.config;

import dev.slim.plan.PlanRequest;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code slim.yaml} ({@code apiVersion: slim/v1}, {@code kind: Image}): everything
 * {@code slim build} takes on its command line. Null or empty means "not set in the file" (the
 * command line or slim's default then decides). Paths are as written in the file; {@link #resolve}
 * makes them relative to the file's folder.
 *
 * @param dir the folder of the file (paths in it are relative to it); null for a config that was
 *     not read from a file (one being written)
 * @param binaries one per platform; a platform is null when the file gives only the path (the ELF
 *     header decides it)
 * @param ports {@code N}, {@code N/tcp} or {@code N/udp}, validated
 * @param maxSize bytes, or null for no size gate
 * @param ignoreWarnings lint warnings to leave out, by name ({@code no-ca-bundle}, …)
 * @param tags further tags the image is pushed (or archived) under, after {@code image}'s own;
 *     validated
 * @param compressionLevel the gzip level of the layers, 1 to 9, or null for slim's default
 */
public record SlimConfig(
    Path dir,
    String image,
    String base,
    List<Binary> binaries,
    String path,
    List<String> args,
    Map<String, String> env,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> ports,
    String user,
    String workdir,
    String format,
    String source,
    String revision,
    Long maxSize,
    String reportJson,
    String reportMarkdown,
    String digestFile,
    boolean sbom,
    String sbomOutput,
    List<String> ignoreWarnings,
    List<String> tags,
    Integer compressionLevel) {

  public static final String API_VERSION = "slim/v1";
  public static final String KIND = "Image";

  public SlimConfig {
    binaries = List.copyOf(binaries);
    args = List.copyOf(args);
    env = ordered(env);
    labels = ordered(labels);
    annotations = ordered(annotations);
    ports = List.copyOf(ports);
    ignoreWarnings = List.copyOf(ignoreWarnings);
    tags = tags == null ? List.of() : List.copyOf(tags);
    for (String port : ports) {
      if (!Ports.valid(port)) {
        throw new IllegalArgumentException("not a port: " + port);
      }
    }
    if (maxSize != null && maxSize <= 0) {
      throw new IllegalArgumentException("maxSize must be positive: " + maxSize);
    }
    if (compressionLevel != null) {
      PlanRequest.checkedLevel(compressionLevel);
    }
  }

  /** A config at slim's default compression level. */
  public SlimConfig(Path dir, String image, String base, List<Binary> binaries, String path,
      List<String> args, Map<String, String> env, Map<String, String> labels,
      Map<String, String> annotations, List<String> ports, String user, String workdir,
      String format, String source, String revision, Long maxSize, String reportJson,
      String reportMarkdown, String digestFile, boolean sbom, String sbomOutput,
      List<String> ignoreWarnings, List<String> tags) {
    this(dir, image, base, binaries, path, args, env, labels, annotations, ports, user, workdir,
        format, source, revision, maxSize, reportJson, reportMarkdown, digestFile, sbom,
        sbomOutput, ignoreWarnings, tags, null);
  }

  /** A config without further tags. */
  public SlimConfig(Path dir, String image, String base, List<Binary> binaries, String path,
      List<String> args, Map<String, String> env, Map<String, String> labels,
      Map<String, String> annotations, List<String> ports, String user, String workdir,
      String format, String source, String revision, Long maxSize, String reportJson,
      String reportMarkdown, String digestFile, boolean sbom, String sbomOutput,
      List<String> ignoreWarnings) {
    this(dir, image, base, binaries, path, args, env, labels, annotations, ports, user, workdir,
        format, source, revision, maxSize, reportJson, reportMarkdown, digestFile, sbom,
        sbomOutput, ignoreWarnings, List.of());
  }

  /** A config with only a binary set, for {@code slim init} and {@code slim migrate}. */
  public static SlimConfig of(String binary) {
    return new SlimConfig(null, null, null, List.of(new Binary(null, binary)), null, List.of(),
        Map.of(), Map.of(), Map.of(), List.of(), null, null, null, null, null, null, null, null,
        null, false, null, List.of(), List.of(), null);
  }

  /** A path from the file, made relative to the file's folder (absolute paths stay as they are). */
  public Path resolve(String fileRelative) {
    Objects.requireNonNull(fileRelative, "fileRelative");
    Path p = Path.of(fileRelative);
    return dir == null || p.isAbsolute() ? p : dir.resolve(p).normalize();
  }

  /** The same config with its paths relative to {@code folder} (see {@link #resolve}). */
  public SlimConfig inFolder(Path folder) {
    return new SlimConfig(folder, image, base, binaries, path, args, env, labels, annotations,
        ports, user, workdir, format, source, revision, maxSize, reportJson, reportMarkdown,
        digestFile, sbom, sbomOutput, ignoreWarnings, tags, compressionLevel);
  }

  /** The same config with other image settings (used by {@code slim migrate}). */
  public SlimConfig withImage(String newPath, List<String> newArgs, Map<String, String> newEnv,
      Map<String, String> newLabels, List<String> newPorts, String newUser, String newWorkdir) {
    return new SlimConfig(dir, image, base, binaries, newPath, newArgs, newEnv, newLabels,
        annotations, newPorts, newUser, newWorkdir, format, source, revision, maxSize, reportJson,
        reportMarkdown, digestFile, sbom, sbomOutput, ignoreWarnings, tags, compressionLevel);
  }

  /** The same config with other binaries (used by {@code slim migrate}, one per platform). */
  public SlimConfig withBinaries(List<Binary> newBinaries) {
    return new SlimConfig(dir, image, base, newBinaries, path, args, env, labels, annotations,
        ports, user, workdir, format, source, revision, maxSize, reportJson, reportMarkdown,
        digestFile, sbom, sbomOutput, ignoreWarnings, List.of(), compressionLevel);
  }

  /** The same config with another image reference. */
  public SlimConfig withImageRef(String newImage) {
    return new SlimConfig(dir, newImage, base, binaries, path, args, env, labels, annotations,
        ports, user, workdir, format, source, revision, maxSize, reportJson, reportMarkdown,
        digestFile, sbom, sbomOutput, ignoreWarnings, tags, compressionLevel);
  }

  /** The same config with another base. */
  public SlimConfig withBase(String newBase) {
    return new SlimConfig(dir, image, newBase, binaries, path, args, env, labels, annotations,
        ports, user, workdir, format, source, revision, maxSize, reportJson, reportMarkdown,
        digestFile, sbom, sbomOutput, ignoreWarnings, tags, compressionLevel);
  }

  /** The same config with report outputs set. */
  public SlimConfig withReports(String json, String markdown, String digest) {
    return new SlimConfig(dir, image, base, binaries, path, args, env, labels, annotations,
        ports, user, workdir, format, source, revision, maxSize, json, markdown, digest, sbom,
        sbomOutput, ignoreWarnings, tags, compressionLevel);
  }

  private static Map<String, String> ordered(Map<String, String> map) {
    for (Map.Entry<String, String> e : map.entrySet()) {
      Objects.requireNonNull(e.getKey(), "key");
      Objects.requireNonNull(e.getValue(), "value of " + e.getKey());
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /**
   * One binary of the image.
   *
   * @param platform {@code os/arch[/variant]} as written, or null
   * @param path as written in the file
   */
  public record Binary(String platform, String path) {
    public Binary {
      Objects.requireNonNull(path, "path");
      if (path.isBlank()) {
        throw new IllegalArgumentException("a binary path must not be blank");
      }
    }
  }
}
