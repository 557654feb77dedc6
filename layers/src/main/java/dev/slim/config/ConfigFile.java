package dev.slim.config;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.oci.Platform;
import dev.slim.plan.Lint;
import dev.slim.plan.Settings;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads and writes {@code slim.yaml}. Every mistake is a usage error that names the file, the
 * line, the property and what is allowed.
 */
public final class ConfigFile {

  /** The name {@code slim build} looks for in the current folder or in a folder it is given. */
  public static final String NAME = "slim.yaml";

  static final List<String> TOP_KEYS = List.of("apiVersion", "kind", "image", "tags", "base", "binary",
      "binaries", "path", "args", "env", "labels", "annotations", "ports", "user", "workdir",
      "format", "compressionLevel", "source", "revision", "gates", "ignoreWarnings", "reports",
      "sbom");
  static final List<String> GATE_KEYS = List.of("maxSize");
  static final List<String> REPORT_KEYS = List.of("json", "markdown", "digestFile");
  static final List<String> SBOM_KEYS = List.of("enabled", "output");

  private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9]+(/[a-z0-9]+)?");

  private ConfigFile() {}

  /**
   * Reads a {@code slim.yaml}.
   *
   * @param environment for {@code ${VAR}}; an unset variable is an error ({@code $$} is a literal
   *     {@code $})
   * @throws SlimException (usage) for a missing or unreadable file and for every mistake in it
   */
  public static SlimConfig read(Path file, Map<String, String> environment) throws SlimException {
    String text;
    try {
      YamlLoader.checkSize(file.toString(), Files.size(file));
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SlimException(Reason.USAGE, "config file not found: " + file);
    } catch (CharacterCodingException e) {
      throw new SlimException(Reason.USAGE, file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new SlimException(Reason.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
    Path dir = file.toAbsolutePath().getParent();
    return new Reader(file.toString(), environment).read(text, dir);
  }

  /** Reads a {@code slim.yaml} given as text, as if from {@code name} in {@code dir}. */
  public static SlimConfig parse(String text, String name, Path dir, Map<String, String> environment)
      throws SlimException {
    return new Reader(name, environment).read(text, dir);
  }

  /**
   * Writes a config as YAML, in the order of the documented keys, with {@code comments} as
   * {@code #} lines at the top. The output is deterministic.
   */
  public static String render(SlimConfig config, List<String> comments) {
    return YamlWriter.render(config, comments, false);
  }

  /** {@link #render} for literal text (each {@code $} as {@code $$}), at most 1 MiB. */
  public static String renderLiteral(SlimConfig config, List<String> comments)
      throws SlimException {
    return YamlWriter.renderLoadable(config, comments);
  }

  /** One read: the file name for messages and the environment for {@code ${VAR}}. */
  private static final class Reader {
    private final String name;
    private final YamlNodes nodes;

    Reader(String name, Map<String, String> environment) {
      this.name = name;
      this.nodes = new YamlNodes(name, environment);
    }

    SlimConfig read(String text, Path dir) throws SlimException {
      Node root = YamlLoader.load(text, name).orElseThrow(() -> new SlimException(Reason.USAGE,
          name + ": empty; it needs at least 'apiVersion: " + SlimConfig.API_VERSION + "', 'kind: "
          + SlimConfig.KIND + "' and 'binary'"));
      MappingNode top = nodes.mapping(root, "(top level)");
      Map<String, NodeTuple> keys = nodes.keys(top, "", TOP_KEYS);

      header(keys, top);

      List<SlimConfig.Binary> binaries = binaries(keys, top);
      exist(binaries, keys, dir);

      List<String> ports = ports(keys.get("ports"));

      String format = nodes.string(keys.get("format"), "format", top);
      if (format != null && !format.equals("oci") && !format.equals("docker")) {
        throw nodes.error(keys.get("format").getValueNode(), "format",
            "'" + format + "' is not a format; allowed: oci, docker");
      }
      String path = nodes.checked(keys.get("path"), "path", Values::path);
      Integer compressionLevel = compressionLevel(keys.get("compressionLevel"));

      Long maxSize = maxSize(keys.get("gates"));
      List<String> ignoreWarnings = ignoreWarnings(keys.get("ignoreWarnings"));
      List<String> tags = tags(keys.get("tags"));
      String reportJson = null;
      String reportMarkdown = null;
      String digestFile = null;
      NodeTuple reports = keys.get("reports");
      if (reports != null) {
        MappingNode r = nodes.mapping(reports.getValueNode(), "reports");
        Map<String, NodeTuple> reportKeys = nodes.keys(r, "reports.", REPORT_KEYS);
        UnaryOperator<String> output = Values.output(dir);
        reportJson = nodes.checked(reportKeys.get("json"), "reports.json", output);
        reportMarkdown = nodes.checked(reportKeys.get("markdown"), "reports.markdown", output);
        digestFile = nodes.checked(reportKeys.get("digestFile"), "reports.digestFile", output);
      }
      boolean sbom = false;
      String sbomOutput = null;
      NodeTuple sbomTuple = keys.get("sbom");
      if (sbomTuple != null) {
        Node value = sbomTuple.getValueNode();
        if (value instanceof ScalarNode) {
          sbom = nodes.bool(value, "sbom");
        } else {
          MappingNode s = nodes.mapping(value, "sbom");
          Map<String, NodeTuple> sbomKeys = nodes.keys(s, "sbom.", SBOM_KEYS);
          sbom = sbomKeys.get("enabled") == null
              || nodes.bool(sbomKeys.get("enabled").getValueNode(), "sbom.enabled");
          sbomOutput = nodes.checked(sbomKeys.get("output"), "sbom.output", Values.output(dir));
        }
      }

      return new SlimConfig(dir,
          nodes.checked(keys.get("image"), "image", Values::image),
          nodes.checked(keys.get("base"), "base", Values::base),
          binaries,
          path,
          nodes.list(keys.get("args"), "args"),
          nodes.map(keys.get("env"), "env"),
          nodes.map(keys.get("labels"), "labels"),
          nodes.map(keys.get("annotations"), "annotations"),
          ports,
          nodes.checked(keys.get("user"), "user", Settings::user),
          nodes.checked(keys.get("workdir"), "workdir", Settings::workdir),
          format,
          nodes.string(keys.get("source"), "source", top),
          nodes.string(keys.get("revision"), "revision", top),
          maxSize, reportJson, reportMarkdown, digestFile, sbom, sbomOutput, ignoreWarnings, tags,
          compressionLevel);
    }

    /** {@code apiVersion} and {@code kind}: the file is a slim.yaml of this version. */
    private void header(Map<String, NodeTuple> keys, MappingNode top) throws SlimException {
      String apiVersion = nodes.string(keys.get("apiVersion"), "apiVersion", top);
      if (apiVersion == null) {
        throw nodes.error(top, "apiVersion", "missing; allowed: " + SlimConfig.API_VERSION);
      }
      if (!apiVersion.equals(SlimConfig.API_VERSION)) {
        throw nodes.error(keys.get("apiVersion").getValueNode(), "apiVersion",
            "'" + apiVersion + "' is not supported; allowed: " + SlimConfig.API_VERSION);
      }
      String kind = nodes.string(keys.get("kind"), "kind", top);
      if (kind == null) {
        throw nodes.error(top, "kind", "missing; allowed: " + SlimConfig.KIND);
      }
      if (!kind.equals(SlimConfig.KIND)) {
        throw nodes.error(keys.get("kind").getValueNode(), "kind",
            "'" + kind + "' is not supported; allowed: " + SlimConfig.KIND);
      }
    }

    /** Every binary is a file, built for the platform the file names (if it names one). */
    private void exist(List<SlimConfig.Binary> binaries, Map<String, NodeTuple> keys, Path dir)
        throws SlimException {
      for (int i = 0; i < binaries.size(); i++) {
        SlimConfig.Binary b = binaries.get(i);
        Path p = Path.of(b.path());
        Path resolved = dir == null || p.isAbsolute() ? p : dir.resolve(p).normalize();
        NodeTuple t = keys.containsKey("binary") ? keys.get("binary") : keys.get("binaries");
        String property = keys.containsKey("binary") ? "binary"
            : "binaries" + (b.platform() == null ? "[" + i + "]" : "." + b.platform());
        if (!Files.isRegularFile(resolved)) {
          throw nodes.error(binaryNode(t, i), property, "file not found: " + resolved
              + " (paths are relative to the folder of " + name + "; build the binary first)");
        }
        if (b.platform() != null) {
          Inspection inspection;
          try {
            inspection = Inspector.inspect(resolved);
          } catch (NoSuchFileException e) {
            throw nodes.error(binaryNode(t, i), property, "file not found: " + resolved);
          }
          Platform actual = inspection.platform();
          if (actual != null && !actual.matches(Platform.parse(b.platform()))) {
            throw nodes.error(binaryNode(t, i), property, resolved + " is built for " + actual
                + ", not " + b.platform() + "; allowed: the platform in the binary's ELF header");
          }
        }
      }
    }

    private List<String> ports(NodeTuple portsTuple) throws SlimException {
      List<String> ports = new ArrayList<>();
      if (portsTuple != null) {
        SequenceNode seq = nodes.sequence(portsTuple.getValueNode(), "ports");
        for (int i = 0; i < seq.getValue().size(); i++) {
          Node item = seq.getValue().get(i);
          String port = nodes.scalar(item, "ports[" + i + "]");
          if (!Ports.valid(port)) {
            throw nodes.error(item, "ports[" + i + "]", "'" + port + "' is not a port; allowed:"
                + " a number 1-65535, optionally followed by /tcp or /udp (8080, 53/udp)");
          }
          ports.add(port);
        }
      }
      return ports;
    }

    /** {@code compressionLevel}: 1 to 9 as {@code --compression-level} takes it, or null. */
    private Integer compressionLevel(NodeTuple tuple) throws SlimException {
      if (tuple == null) {
        return null;
      }
      Node value = tuple.getValueNode();
      if (value instanceof ScalarNode scalar && scalar.getTag().getValue().endsWith(":null")) {
        throw nodes.error(value, "compressionLevel", Settings.compressionLevel(""));
      }
      return Integer.valueOf(nodes.checked(tuple, "compressionLevel", Settings::compressionLevel));
    }

    /** {@code gates.maxSize}, or null. */
    private Long maxSize(NodeTuple gates) throws SlimException {
      Long maxSize = null;
      if (gates != null) {
        MappingNode g = nodes.mapping(gates.getValueNode(), "gates");
        Map<String, NodeTuple> gateKeys = nodes.keys(g, "gates.", GATE_KEYS);
        String size = nodes.string(gateKeys.get("maxSize"), "gates.maxSize", g);
        if (size != null) {
          try {
            maxSize = ByteSize.parse(size);
          } catch (IllegalArgumentException e) {
            throw nodes.error(gateKeys.get("maxSize").getValueNode(), "gates.maxSize",
                e.getMessage());
          }
          if (maxSize <= 0) {
            throw nodes.error(gateKeys.get("maxSize").getValueNode(), "gates.maxSize",
                "'" + size + "' is no limit; allowed: a size of 1 byte or more");
          }
        }
      }
      return maxSize;
    }

    private List<String> ignoreWarnings(NodeTuple tuple) throws SlimException {
      List<String> ignoreWarnings = nodes.list(tuple, "ignoreWarnings");
      for (int i = 0; i < ignoreWarnings.size(); i++) {
        if (!Lint.NAMES.contains(ignoreWarnings.get(i))) {
          throw nodes.error(((SequenceNode) tuple.getValueNode()).getValue().get(i),
              "ignoreWarnings[" + i + "]", "'" + ignoreWarnings.get(i) + "' is not a warning"
              + " name; allowed: " + String.join(", ", Lint.NAMES));
        }
      }
      return ignoreWarnings;
    }

    /** {@code tags}: each a valid tag, as {@code --tag} checks it. */
    private List<String> tags(NodeTuple tuple) throws SlimException {
      List<String> tags = nodes.list(tuple, "tags");
      for (int i = 0; i < tags.size(); i++) {
        String problem = Values.tag(tags.get(i));
        if (problem != null) {
          throw nodes.error(((SequenceNode) tuple.getValueNode()).getValue().get(i),
              "tags[" + i + "]", problem);
        }
      }
      return tags;
    }

    private List<SlimConfig.Binary> binaries(Map<String, NodeTuple> keys, MappingNode top)
        throws SlimException {
      NodeTuple one = keys.get("binary");
      NodeTuple several = keys.get("binaries");
      if (one != null && several != null) {
        throw nodes.error(several.getKeyNode(), "binaries",
            "give either 'binary' (one file) or 'binaries' (one per platform), not both");
      }
      if (one != null) {
        return List.of(new SlimConfig.Binary(null, binary(one.getValueNode(), "binary")));
      }
      if (several == null) {
        throw nodes.error(top, "binary", "missing; allowed: 'binary: PATH' or 'binaries:' with one"
            + " PATH per platform (a list, or a map such as linux/amd64: PATH)");
      }
      List<SlimConfig.Binary> result = new ArrayList<>();
      Node value = several.getValueNode();
      if (value instanceof SequenceNode seq) {
        for (int i = 0; i < seq.getValue().size(); i++) {
          result.add(new SlimConfig.Binary(null, binary(seq.getValue().get(i),
              "binaries[" + i + "]")));
        }
      } else if (value instanceof MappingNode map) {
        for (NodeTuple t : map.getValue()) {
          String platform = nodes.scalar(t.getKeyNode(), "binaries");
          if (!PLATFORM.matcher(platform).matches()) {
            throw nodes.error(t.getKeyNode(), "binaries", "'" + platform + "' is not a platform;"
                + " allowed: OS/ARCH[/VARIANT] such as linux/amd64, linux/arm/v7");
          }
          result.add(new SlimConfig.Binary(platform, binary(t.getValueNode(),
              "binaries." + platform)));
        }
      } else {
        throw nodes.error(value, "binaries", "wrong type; allowed: a list of paths or a map of"
            + " platform to path");
      }
      if (result.isEmpty()) {
        throw nodes.error(value, "binaries", "empty; allowed: at least one path");
      }
      return result;
    }

    private Node binaryNode(NodeTuple tuple, int index) {
      Node value = tuple.getValueNode();
      if (value instanceof SequenceNode seq) {
        return seq.getValue().get(index);
      }
      if (value instanceof MappingNode map) {
        return map.getValue().get(index).getValueNode();
      }
      return value;
    }

    private String binary(Node node, String property) throws SlimException {
      String path = nodes.scalar(node, property);
      String problem = path.isBlank() ? "empty; allowed: the path of the binary, relative to the"
          + " folder of " + name + " (./app)" : Values.file(path);
      if (problem != null) {
        throw nodes.error(node, property, problem);
      }
      return path;
    }

  }
}
