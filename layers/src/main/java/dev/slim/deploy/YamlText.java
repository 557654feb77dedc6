package dev.slim.deploy;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One YAML file's text and its documents' nodes, with the way from a node to the characters it
 * was read from: snakeyaml-engine's marks count code points, Java strings count UTF-16 chars.
 * Only this package sees snakeyaml-engine's types.
 */
final class YamlText {

  /** Generated bundles (CRDs, operators) reach a few MiB; far more is a mistake or an attack. */
  static final int MAX_CODE_POINTS = 64 << 20;
  /** Kubernetes objects nest some twenty levels; snakeyaml's composer recurses once per level. */
  static final int MAX_DEPTH = 200;

  final String name;
  final String text;
  final List<Node> documents;
  /** The char offset of each code point, made on first use; empty when they are the same. */
  private int[] charAt;

  private YamlText(String name, String text, List<Node> documents) {
    this.name = name;
    this.text = text;
    this.documents = documents;
  }

  /** Parses every document of {@code text}; a usage error naming {@code name}:line otherwise. */
  static YamlText parse(String name, String text) throws SlimException {
    LoadSettings settings = LoadSettings.builder().setLabel(name).setAllowDuplicateKeys(false)
        .setMaxAliasesForCollections(50).setCodePointLimit(MAX_CODE_POINTS).build();
    try {
      int depth = 0;
      for (Event event : new Parse(settings).parseString(text)) {
        if (event instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
          int line = event.getStartMark().map(Mark::getLine).orElse(-1) + 1;
          throw new SlimException(Reason.USAGE, name + ":" + line + ": nested more than "
              + MAX_DEPTH + " levels deep");
        } else if (event instanceof CollectionEndEvent) {
          depth--;
        }
      }
      List<Node> documents = new ArrayList<>();
      for (Node document : new Compose(settings).composeAllFromString(text)) {
        documents.add(document);
      }
      YamlText yaml = new YamlText(name, text, documents);
      yaml.checkKeys();
      return yaml;
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
      throw new SlimException(Reason.USAGE, name + ":" + line + ": not valid YAML: "
          + e.getProblem().strip());
    } catch (YamlEngineException e) {
      throw new SlimException(Reason.USAGE, name + ": not valid YAML: " + e.getMessage());
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      // snakeyaml-engine 3.2 trips over some broken escapes with these instead of its own
      throw new SlimException(Reason.USAGE, name + ": not valid YAML: the parser stopped at"
          + " text it cannot read (an escape such as \\u cut short?)");
    }
  }

  /**
   * A usage error for a map with a key twice: which of the two a tool reads differs, so which to
   * pin is unclear (snakeyaml-engine's composer lets them through; its constructor would not).
   */
  private void checkKeys() throws SlimException {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Node> todo = new ArrayDeque<>(documents);
    while (!todo.isEmpty()) {
      Node node = todo.pop();
      if (!seen.add(node)) {
        continue;
      }
      if (node instanceof MappingNode map) {
        Map<String, Node> keys = new HashMap<>();
        for (NodeTuple tuple : map.getValue()) {
          String key = scalar(tuple.getKeyNode());
          Node first = key == null ? null : keys.putIfAbsent(key, tuple.getKeyNode());
          if (first != null) {
            throw new SlimException(Reason.USAGE, where(tuple.getKeyNode()) + ": duplicate key "
                + key + " (first on line " + line(first) + ")");
          }
          todo.push(tuple.getValueNode());
        }
      } else if (node instanceof SequenceNode list) {
        list.getValue().forEach(todo::push);
      }
    }
  }

  /** The value under {@code key} in {@code map}, or null. */
  static Node get(Node map, String key) {
    NodeTuple tuple = tuple(map, key);
    return tuple == null ? null : tuple.getValueNode();
  }

  /** The key and value pair {@code key} of {@code map}, or null. */
  static NodeTuple tuple(Node map, String key) {
    if (map instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return tuple;
        }
      }
    }
    return null;
  }

  /** A scalar's value, or null for a map, a list or no node. */
  static String scalar(Node node) {
    return node instanceof ScalarNode s ? s.getValue() : null;
  }

  /** Where the node starts: a char offset into {@link #text}. */
  int start(Node node) {
    return offset(node.getStartMark().orElseThrow().getIndex());
  }

  /** Where the node ends (exclusive): a char offset into {@link #text}. */
  int end(Node node) {
    return offset(node.getEndMark().orElseThrow().getIndex());
  }

  /** The node's line, counting from 1, for messages. */
  int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  /** "FILE:LINE" of the node. */
  String where(Node node) {
    return name + ":" + line(node);
  }

  /** The column of the node, counting from 0 (code points; indentation is spaces). */
  static int column(Node node) {
    return node.getStartMark().orElseThrow().getColumn();
  }

  /**
   * The splice that writes {@code value} over the scalar {@code node} in the node's own quoting
   * style. A block scalar, or one with a tag or anchor before it, is refused.
   */
  Splice replace(ScalarNode node, String value, String what) throws SlimException {
    int start = start(node);
    int end = end(node);
    String written = text.substring(start, end);
    ScalarStyle style = node.getScalarStyle();
    String quote = switch (style) {
      case PLAIN -> "";
      case SINGLE_QUOTED -> "'";
      case DOUBLE_QUOTED -> "\"";
      default -> throw new SlimException(Reason.USAGE, where(node) + ": " + what + " is a block"
          + " scalar (| or >); write it as a plain or quoted value for slim pin to rewrite it");
    };
    boolean asRead = style == ScalarStyle.PLAIN ? written.equals(node.getValue())
        : written.startsWith(quote) && written.endsWith(quote);
    if (!asRead) {
      throw new SlimException(Reason.USAGE, where(node) + ": " + what + " has a tag, anchor or"
          + " line break in it (" + written.strip() + "); slim pin rewrites plain or quoted"
          + " one-line values only");
    }
    return new Splice(start, end, quote + value + quote);
  }

  /** The offset of the end of the line holding {@code offset}: its line break, or the end. */
  int lineEnd(int offset) {
    int newline = text.indexOf('\n', offset);
    if (newline < 0) {
      return text.length();
    }
    return newline > 0 && text.charAt(newline - 1) == '\r' ? newline - 1 : newline;
  }

  /** The file's line break: CRLF if its first line ends so, else LF. */
  String lineBreak() {
    int newline = text.indexOf('\n');
    return newline > 0 && text.charAt(newline - 1) == '\r' ? "\r\n" : "\n";
  }

  private int offset(int codePoints) {
    if (charAt == null) {
      // most manifests are ASCII: a code point is a char; otherwise one table for all lookups
      if (text.codePointCount(0, text.length()) == text.length()) {
        charAt = new int[0];
      } else {
        charAt = new int[text.codePointCount(0, text.length()) + 1];
        int at = 0;
        for (int i = 0; i < charAt.length - 1; i++) {
          charAt[i] = at;
          at += Character.charCount(text.codePointAt(at));
        }
        charAt[charAt.length - 1] = text.length();
      }
    }
    return charAt.length == 0 ? codePoints : charAt[codePoints];
  }
}
