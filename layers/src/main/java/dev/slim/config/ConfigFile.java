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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
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

  static final List<String> TOP_KEYS = List.of("apiVersion", "kind", "image", "base", "binary",
      "binaries", "path", "args", "env", "labels", "annotations", "ports", "user", "workdir",
      "format", "source", "revision", "gates", "ignoreWarnings", "reports", "sbom");
  static final List<String> GATE_KEYS = List.of("maxSize");
  static final List<String> REPORT_KEYS = List.of("json", "markdown", "digestFile");
  static final List<String> SBOM_KEYS = List.of("enabled", "output");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$\\$");
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
    private final Map<String, String> environment;

    Reader(String name, Map<String, String> environment) {
      this.name = name;
      this.environment = environment;
    }

    SlimConfig read(String text, Path dir) throws SlimException {
      Node root = YamlLoader.load(text, name).orElseThrow(() -> new SlimException(Reason.USAGE,
          name + ": empty; it needs at least 'apiVersion: " + SlimConfig.API_VERSION + "', 'kind: "
          + SlimConfig.KIND + "' and 'binary'"));
      MappingNode top = mapping(root, "(top level)");
      Map<String, NodeTuple> keys = keys(top, "", TOP_KEYS);

      String apiVersion = string(keys.get("apiVersion"), "apiVersion", top);
      if (apiVersion == null) {
        throw error(top, "apiVersion", "missing; allowed: " + SlimConfig.API_VERSION);
      }
      if (!apiVersion.equals(SlimConfig.API_VERSION)) {
        throw error(keys.get("apiVersion").getValueNode(), "apiVersion",
            "'" + apiVersion + "' is not supported; allowed: " + SlimConfig.API_VERSION);
      }
      String kind = string(keys.get("kind"), "kind", top);
      if (kind == null) {
        throw error(top, "kind", "missing; allowed: " + SlimConfig.KIND);
      }
      if (!kind.equals(SlimConfig.KIND)) {
        throw error(keys.get("kind").getValueNode(), "kind",
            "'" + kind + "' is not supported; allowed: " + SlimConfig.KIND);
      }

      List<SlimConfig.Binary> binaries = binaries(keys, top);
      for (int i = 0; i < binaries.size(); i++) {
        SlimConfig.Binary b = binaries.get(i);
        Path p = Path.of(b.path());
        Path resolved = dir == null || p.isAbsolute() ? p : dir.resolve(p).normalize();
        NodeTuple t = keys.containsKey("binary") ? keys.get("binary") : keys.get("binaries");
        String property = keys.containsKey("binary") ? "binary"
            : "binaries" + (b.platform() == null ? "[" + i + "]" : "." + b.platform());
        if (!Files.isRegularFile(resolved)) {
          throw error(binaryNode(t, i), property, "file not found: " + resolved
              + " (paths are relative to the folder of " + name + "; build the binary first)");
        }
        if (b.platform() != null) {
          Inspection inspection;
          try {
            inspection = Inspector.inspect(resolved);
          } catch (NoSuchFileException e) {
            throw error(binaryNode(t, i), property, "file not found: " + resolved);
          }
          Platform actual = inspection.platform();
          if (actual != null && !actual.matches(Platform.parse(b.platform()))) {
            throw error(binaryNode(t, i), property, resolved + " is built for " + actual
                + ", not " + b.platform() + "; allowed: the platform in the binary's ELF header");
          }
        }
      }

      List<String> ports = new ArrayList<>();
      NodeTuple portsTuple = keys.get("ports");
      if (portsTuple != null) {
        SequenceNode seq = sequence(portsTuple.getValueNode(), "ports");
        for (int i = 0; i < seq.getValue().size(); i++) {
          Node item = seq.getValue().get(i);
          String port = scalar(item, "ports[" + i + "]");
          if (!Ports.valid(port)) {
            throw error(item, "ports[" + i + "]", "'" + port + "' is not a port; allowed: a number"
                + " 1-65535, optionally followed by /tcp or /udp (8080, 53/udp)");
          }
          ports.add(port);
        }
      }

      String format = string(keys.get("format"), "format", top);
      if (format != null && !format.equals("oci") && !format.equals("docker")) {
        throw error(keys.get("format").getValueNode(), "format",
            "'" + format + "' is not a format; allowed: oci, docker");
      }
      String path = checked(keys.get("path"), "path", Values::path);

      Long maxSize = null;
      NodeTuple gates = keys.get("gates");
      if (gates != null) {
        MappingNode g = mapping(gates.getValueNode(), "gates");
        Map<String, NodeTuple> gateKeys = keys(g, "gates.", GATE_KEYS);
        String size = string(gateKeys.get("maxSize"), "gates.maxSize", g);
        if (size != null) {
          try {
            maxSize = ByteSize.parse(size);
          } catch (IllegalArgumentException e) {
            throw error(gateKeys.get("maxSize").getValueNode(), "gates.maxSize", e.getMessage());
          }
          if (maxSize <= 0) {
            throw error(gateKeys.get("maxSize").getValueNode(), "gates.maxSize",
                "'" + size + "' is no limit; allowed: a size of 1 byte or more");
          }
        }
      }
      List<String> ignoreWarnings = list(keys.get("ignoreWarnings"), "ignoreWarnings");
      for (int i = 0; i < ignoreWarnings.size(); i++) {
        if (!Lint.NAMES.contains(ignoreWarnings.get(i))) {
          throw error(((SequenceNode) keys.get("ignoreWarnings").getValueNode()).getValue().get(i),
              "ignoreWarnings[" + i + "]", "'" + ignoreWarnings.get(i) + "' is not a warning"
              + " name; allowed: " + String.join(", ", Lint.NAMES));
        }
      }
      String reportJson = null;
      String reportMarkdown = null;
      String digestFile = null;
      NodeTuple reports = keys.get("reports");
      if (reports != null) {
        MappingNode r = mapping(reports.getValueNode(), "reports");
        Map<String, NodeTuple> reportKeys = keys(r, "reports.", REPORT_KEYS);
        UnaryOperator<String> output = Values.output(dir);
        reportJson = checked(reportKeys.get("json"), "reports.json", output);
        reportMarkdown = checked(reportKeys.get("markdown"), "reports.markdown", output);
        digestFile = checked(reportKeys.get("digestFile"), "reports.digestFile", output);
      }
      boolean sbom = false;
      String sbomOutput = null;
      NodeTuple sbomTuple = keys.get("sbom");
      if (sbomTuple != null) {
        Node value = sbomTuple.getValueNode();
        if (value instanceof ScalarNode) {
          sbom = bool(value, "sbom");
        } else {
          MappingNode s = mapping(value, "sbom");
          Map<String, NodeTuple> sbomKeys = keys(s, "sbom.", SBOM_KEYS);
          sbom = sbomKeys.get("enabled") == null || bool(sbomKeys.get("enabled").getValueNode(),
              "sbom.enabled");
          sbomOutput = checked(sbomKeys.get("output"), "sbom.output", Values.output(dir));
        }
      }

      return new SlimConfig(dir,
          checked(keys.get("image"), "image", Values::image),
          checked(keys.get("base"), "base", Values::base),
          binaries,
          path,
          list(keys.get("args"), "args"),
          map(keys.get("env"), "env"),
          map(keys.get("labels"), "labels"),
          map(keys.get("annotations"), "annotations"),
          ports,
          checked(keys.get("user"), "user", Settings::user),
          checked(keys.get("workdir"), "workdir", Settings::workdir),
          format,
          string(keys.get("source"), "source", top),
          string(keys.get("revision"), "revision", top),
          maxSize, reportJson, reportMarkdown, digestFile, sbom, sbomOutput, ignoreWarnings);
    }

    private List<SlimConfig.Binary> binaries(Map<String, NodeTuple> keys, MappingNode top)
        throws SlimException {
      NodeTuple one = keys.get("binary");
      NodeTuple several = keys.get("binaries");
      if (one != null && several != null) {
        throw error(several.getKeyNode(), "binaries",
            "give either 'binary' (one file) or 'binaries' (one per platform), not both");
      }
      if (one != null) {
        return List.of(new SlimConfig.Binary(null, binary(one.getValueNode(), "binary")));
      }
      if (several == null) {
        throw error(top, "binary", "missing; allowed: 'binary: PATH' or 'binaries:' with one"
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
          String platform = scalar(t.getKeyNode(), "binaries");
          if (!PLATFORM.matcher(platform).matches()) {
            throw error(t.getKeyNode(), "binaries", "'" + platform + "' is not a platform;"
                + " allowed: OS/ARCH[/VARIANT] such as linux/amd64, linux/arm/v7");
          }
          result.add(new SlimConfig.Binary(platform, binary(t.getValueNode(),
              "binaries." + platform)));
        }
      } else {
        throw error(value, "binaries", "wrong type; allowed: a list of paths or a map of"
            + " platform to path");
      }
      if (result.isEmpty()) {
        throw error(value, "binaries", "empty; allowed: at least one path");
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

    private Map<String, NodeTuple> keys(MappingNode node, String prefix, List<String> allowed)
        throws SlimException {
      Map<String, NodeTuple> result = new LinkedHashMap<>();
      Set<String> seen = new HashSet<>();
      for (NodeTuple tuple : node.getValue()) {
        String key = scalar(tuple.getKeyNode(), prefix.isEmpty() ? "(key)" : prefix + "(key)");
        if (!allowed.contains(key)) {
          throw error(tuple.getKeyNode(), prefix + key,
              "unknown property; allowed" + (prefix.isEmpty() ? "" : " in " + prefix.substring(0,
                  prefix.length() - 1)) + ": " + String.join(", ", allowed));
        }
        if (!seen.add(key)) {
          throw error(tuple.getKeyNode(), prefix + key, "given twice");
        }
        result.put(key, tuple);
      }
      return result;
    }

    private String string(NodeTuple tuple, String property, Node parent) throws SlimException {
      return tuple == null ? null : scalar(tuple.getValueNode(), property);
    }

    /** A value that must also pass {@code rule}, the rule its flag has. */
    private String checked(NodeTuple tuple, String property, UnaryOperator<String> rule)
        throws SlimException {
      String value = string(tuple, property, null);
      String problem = value == null ? null : rule.apply(value);
      if (problem != null) {
        throw error(tuple.getValueNode(), property, problem);
      }
      return value;
    }

    private String binary(Node node, String property) throws SlimException {
      String path = scalar(node, property);
      String problem = path.isBlank() ? "empty; allowed: the path of the binary, relative to the"
          + " folder of " + name + " (./app)" : Values.file(path);
      if (problem != null) {
        throw error(node, property, problem);
      }
      return path;
    }

    private boolean bool(Node node, String property) throws SlimException {
      String value = scalar(node, property);
      return switch (value) {
        case "true" -> true;
        case "false" -> false;
        default -> throw error(node, property, "'" + value + "' is not a boolean; allowed: true,"
            + " false");
      };
    }

    private List<String> list(NodeTuple tuple, String property) throws SlimException {
      if (tuple == null) {
        return List.of();
      }
      SequenceNode seq = sequence(tuple.getValueNode(), property);
      List<String> result = new ArrayList<>();
      for (int i = 0; i < seq.getValue().size(); i++) {
        result.add(scalar(seq.getValue().get(i), property + "[" + i + "]"));
      }
      return result;
    }

    private Map<String, String> map(NodeTuple tuple, String property) throws SlimException {
      if (tuple == null) {
        return Map.of();
      }
      MappingNode node = mapping(tuple.getValueNode(), property);
      Map<String, String> result = new LinkedHashMap<>();
      for (NodeTuple t : node.getValue()) {
        String key = scalar(t.getKeyNode(), property);
        String problem = property.equals("env") ? Settings.envKey(key) : null;
        if (key.isEmpty() || problem != null) {
          throw error(t.getKeyNode(), property, problem != null ? problem
              : "'" + key + "' is not a valid name");
        }
        if (result.put(key, scalar(t.getValueNode(), property + "." + key)) != null) {
          throw error(t.getKeyNode(), property + "." + key, "given twice");
        }
      }
      return result;
    }

    private MappingNode mapping(Node node, String property) throws SlimException {
      if (node instanceof MappingNode m) {
        return m;
      }
      throw error(node, property, "wrong type: " + YamlLoader.describe(node) + "; allowed: a map of"
          + " 'key: value' lines");
    }

    private SequenceNode sequence(Node node, String property) throws SlimException {
      if (node instanceof SequenceNode s) {
        return s;
      }
      throw error(node, property, "wrong type: " + YamlLoader.describe(node) + "; allowed: a list"
          + " ('- item' lines or [a, b])");
    }

    /** A scalar's text, with {@code ${VAR}} expanded. Numbers and booleans are taken as text. */
    private String scalar(Node node, String property) throws SlimException {
      if (!(node instanceof ScalarNode s)) {
        throw error(node, property, "wrong type: " + YamlLoader.describe(node) + "; allowed: a single value");
      }
      if (s.getTag().getValue().endsWith(":null")) {
        throw error(node, property, "empty; allowed: a value");
      }
      return expand(s.getValue(), node, property);
    }

    private String expand(String value, Node node, String property) throws SlimException {
      Matcher m = VARIABLE.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String replacement;
        if (m.group(1) == null) {
          replacement = "$";
        } else {
          replacement = environment.get(m.group(1));
          if (replacement == null) {
            throw error(node, property, "environment variable " + m.group(1) + " is not set"
                + " (an unset variable is an error, not an empty string; write $$ for a literal $)");
          }
        }
        m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(out);
      return out.toString();
    }

    private SlimException error(Node node, String property, String problem) {
      int line = node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
      return new SlimException(Reason.USAGE,
          name + ":" + line + ": property '" + property + "': " + problem);
    }
  }
}
