package dev.slim.config;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns slim.yaml text into YAML nodes, within bounds: at most {@link #MAX_BYTES}, collections
 * nested at most {@link #MAX_DEPTH} deep (snakeyaml-engine's composer recurses once per level and
 * has no limit of its own, so the depth is counted on the parser's events first), at most ten
 * aliases of collections. Every failure is a usage error naming the file and, when known, the line.
 */
final class YamlLoader {

  /** slim.yaml is a few hundred bytes; a file this large is a mistake (or an attack). */
  static final int MAX_BYTES = 1 << 20;
  /** slim.yaml's own structure is three levels deep ({@code sbom: {output: ...}}). */
  static final int MAX_DEPTH = 64;

  private YamlLoader() {}

  /** A usage error for a file of more than {@link #MAX_BYTES}. */
  static void checkSize(String name, long bytes) throws SlimException {
    if (bytes > MAX_BYTES) {
      throw new SlimException(Reason.USAGE, name + ": " + bytes + " bytes; a slim.yaml may have"
          + " at most " + MAX_BYTES + " (1 MiB)");
    }
  }

  /** What a node is, for messages: a map, a list or a single value. */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a map";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "a single value";
  }

  /** The document's root node; empty for a file without one. */
  static Optional<Node> load(String text, String name) throws SlimException {
    checkSize(name, text.getBytes(StandardCharsets.UTF_8).length);
    LoadSettings settings = LoadSettings.builder().setLabel(name).setAllowDuplicateKeys(false)
        .setMaxAliasesForCollections(10).setCodePointLimit(MAX_BYTES).build();
    try {
      int depth = 0;
      for (Event event : new Parse(settings).parseString(text)) {
        if (event instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
          int line = event.getStartMark().map(Mark::getLine).orElse(-1) + 1;
          throw new SlimException(Reason.USAGE, name + ":" + line + ": nested more than "
              + MAX_DEPTH + " levels deep; slim.yaml needs at most 3");
        } else if (event instanceof CollectionEndEvent) {
          depth--;
        }
      }
      return new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
      throw new SlimException(Reason.USAGE, name + ":" + line + ": not valid YAML: "
          + e.getProblem());
    } catch (YamlEngineException e) {
      throw new SlimException(Reason.USAGE, name + ": not valid YAML: " + e.getMessage());
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      // snakeyaml-engine 3.2 trips over some broken escapes with these instead of its own
      throw new SlimException(Reason.USAGE, name + ": not valid YAML: the parser stopped at"
          + " text it cannot read (an escape such as \\u cut short?)");
    }
  }
}
