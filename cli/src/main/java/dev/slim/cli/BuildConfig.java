package dev.slim.cli;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.config.ConfigFile;
import dev.slim.config.SlimConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ParseResult;

/**
 * {@code slim build} with a {@code slim.yaml}: no FILE reads {@code ./slim.yaml}, a folder reads
 * {@code FOLDER/slim.yaml}. Every option given on the command line wins over the file; for env
 * labels and annotations the two are merged, the command line winning per key.
 */
final class BuildConfig {

  private BuildConfig() {}

  /** Reads the config the arguments point at, if any, into the command's unset options. */
  static void apply(BuildCommand cmd, ParseResult parsed, Map<String, String> environment)
      throws SlimException {
    Path file;
    if (cmd.binaries.isEmpty()) {
      file = Path.of(ConfigFile.NAME);
      if (!Files.isRegularFile(file)) {
        throw new SlimException(Reason.USAGE, "no FILE given and no " + ConfigFile.NAME
            + " in the current folder: give the binary, a folder with a " + ConfigFile.NAME
            + ", or write one with 'slim init'");
      }
    } else if (cmd.binaries.size() == 1 && Files.isDirectory(cmd.binaries.get(0))) {
      file = cmd.binaries.get(0).resolve(ConfigFile.NAME);
      if (!Files.isRegularFile(file)) {
        throw new SlimException(Reason.USAGE, cmd.binaries.get(0) + " is a folder without a "
            + ConfigFile.NAME + ": give the binary, or write one with 'slim init'");
      }
    } else {
      return;
    }
    SlimConfig c = ConfigFile.read(file, environment);
    cmd.config = file;
    List<Path> binaries = new ArrayList<>();
    c.binaries().forEach(b -> binaries.add(c.resolve(b.path())));
    cmd.binaries = binaries;
    if (c.binaries().size() == 1 && c.binaries().get(0).platform() != null && !has(parsed,
        "--platform")) {
      cmd.platform = c.binaries().get(0).platform();
    }
    cmd.image = pick(parsed, "--image", cmd.image, c.image());
    cmd.base = pick(parsed, "--base", cmd.base, c.base());
    cmd.path = pick(parsed, "--path", cmd.path, c.path());
    if (!has(parsed, "--arg") && !c.args().isEmpty()) {
      cmd.args = new ArrayList<>(c.args());
    }
    cmd.env = merged(c.env(), cmd.env);
    cmd.labels = merged(c.labels(), cmd.labels);
    cmd.annotations = merged(c.annotations(), cmd.annotations);
    if (!has(parsed, "--port") && !c.ports().isEmpty()) {
      cmd.ports = new ArrayList<>(c.ports());
    }
    cmd.user = pick(parsed, "--user", cmd.user, c.user());
    cmd.workdir = pick(parsed, "--workdir", cmd.workdir, c.workdir());
    cmd.format = pick(parsed, "--format", cmd.format, c.format());
    cmd.source = pick(parsed, "--source", cmd.source, c.source());
    cmd.revision = pick(parsed, "--revision", cmd.revision, c.revision());
    if (!has(parsed, "--max-size") && c.maxSize() != null) {
      cmd.maxSize = c.maxSize();
    }
    cmd.reportJson = pickPath(parsed, "--report-json", cmd.reportJson, c, c.reportJson());
    cmd.reportMarkdown = pickPath(parsed, "--report-markdown", cmd.reportMarkdown, c,
        c.reportMarkdown());
    cmd.digestFile = pickPath(parsed, "--digest-file", cmd.digestFile, c, c.digestFile());
    cmd.sbomOutput = pickPath(parsed, "--sbom-output", cmd.sbomOutput, c, c.sbomOutput());
    cmd.sbom = cmd.sbom || c.sbom();
    List<String> ignored = new ArrayList<>(c.ignoreWarnings());
    ignored.addAll(cmd.ignoreWarnings);
    cmd.ignoreWarnings = ignored;
  }

  private static boolean has(ParseResult parsed, String option) {
    return parsed != null && parsed.hasMatchedOption(option);
  }

  private static String pick(ParseResult parsed, String option, String flag, String file) {
    return has(parsed, option) || file == null ? flag : file;
  }

  private static Path pickPath(ParseResult parsed, String option, Path flag, SlimConfig c,
      String file) {
    return has(parsed, option) || file == null ? flag : c.resolve(file);
  }

  private static Map<String, String> merged(Map<String, String> file, Map<String, String> flags) {
    Map<String, String> result = new LinkedHashMap<>(file);
    result.putAll(flags);
    return result;
  }
}
