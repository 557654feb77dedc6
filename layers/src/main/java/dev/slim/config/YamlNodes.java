package dev.slim.config;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.plan.Settings;
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
 * The values of one {@code slim.yaml}'s YAML nodes, typed: each a usage error naming the file,
 * the line and the property when the node is not what the property allows. Scalars have their
 * {@code ${VAR}} expanded from the environment.
 */
final class YamlNodes {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$\\$");

  private final String name;
  private final Map<String, String> environment;

  YamlNodes(String name, Map<String, String> environment) {
    this.name = name;
    this.environment = environment;
  }

  Map<String, NodeTuple> keys(MappingNode node, String prefix, List<String> allowed)
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

  String string(NodeTuple tuple, String property, Node parent) throws SlimException {
    return tuple == null ? null : scalar(tuple.getValueNode(), property);
  }

  /** A value that must also pass {@code rule}, the rule its flag has. */
  String checked(NodeTuple tuple, String property, UnaryOperator<String> rule)
      throws SlimException {
    String value = string(tuple, property, null);
    String problem = value == null ? null : rule.apply(value);
    if (problem != null) {
      throw error(tuple.getValueNode(), property, problem);
    }
    return value;
  }

  boolean bool(Node node, String property) throws SlimException {
    String value = scalar(node, property);
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error(node, property, "'" + value + "' is not a boolean; allowed: true,"
          + " false");
    };
  }

  List<String> list(NodeTuple tuple, String property) throws SlimException {
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

  Map<String, String> map(NodeTuple tuple, String property) throws SlimException {
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

  MappingNode mapping(Node node, String property) throws SlimException {
    if (node instanceof MappingNode m) {
      return m;
    }
    throw error(node, property, "wrong type: " + YamlLoader.describe(node) + "; allowed: a map of"
        + " 'key: value' lines");
  }

  SequenceNode sequence(Node node, String property) throws SlimException {
    if (node instanceof SequenceNode s) {
      return s;
    }
    throw error(node, property, "wrong type: " + YamlLoader.describe(node) + "; allowed: a list"
        + " ('- item' lines or [a, b])");
  }

  /** A scalar's text, with {@code ${VAR}} expanded. Numbers and booleans are taken as text. */
  String scalar(Node node, String property) throws SlimException {
    if (!(node instanceof ScalarNode s)) {
      throw error(node, property, "wrong type: " + YamlLoader.describe(node) + "; allowed: a single value");
    }
    if (s.getTag().getValue().endsWith(":null")) {
      throw error(node, property, "empty; allowed: a value");
    }
    return expand(s.getValue(), node, property);
  }

  String expand(String value, Node node, String property) throws SlimException {
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

  SlimException error(Node node, String property, String problem) {
    int line = node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
    return new SlimException(Reason.USAGE,
        name + ":" + line + ": property '" + property + "': " + problem);
  }
}
