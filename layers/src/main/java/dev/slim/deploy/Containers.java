package dev.slim.deploy;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The {@code image} of every container, init container and ephemeral container in the Kubernetes
 * objects of a file (a document with {@code apiVersion} and {@code kind}), at any depth: a Pod's
 * spec, a Deployment's template, a CronJob's job template, a List's items, any custom resource
 * with a pod template.
 */
final class Containers {

  static final Set<String> KEYS = Set.of("containers", "initContainers", "ephemeralContainers");

  private final YamlText yaml;
  private final Map<String, String> digests;
  private final Edits edits;
  private final Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());

  private Containers(YamlText yaml, Map<String, String> digests, Edits edits) {
    this.yaml = yaml;
    this.digests = digests;
    this.edits = edits;
  }

  /** Adds to {@code edits} the splices that pin the images of {@code digests} in the file. */
  static void pin(YamlText yaml, Map<String, String> digests, Edits edits)
      throws SlimException {
    Containers containers = new Containers(yaml, digests, edits);
    for (Node document : yaml.documents) {
      if (YamlText.scalar(YamlText.get(document, "kind")) != null
          && YamlText.scalar(YamlText.get(document, "apiVersion")) != null) {
        containers.walk(document, null);
      }
    }
  }

  /** {@code anchor}: the anchor of a node above this one, which aliases may share; or null. */
  private void walk(Node node, String anchor) throws SlimException {
    if (!visited.add(node)) {
      return; // an alias of a node already seen: its images are pinned (or refused) once
    }
    String anchored = anchorOf(node).orElse(anchor);
    if (node instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        String key = YamlText.scalar(tuple.getKeyNode());
        if (key != null && KEYS.contains(key)
            && tuple.getValueNode() instanceof SequenceNode list) {
          String listAnchor = anchorOf(list).orElse(anchored);
          for (Node container : list.getValue()) {
            image(container, anchorOf(container).orElse(listAnchor));
          }
        }
        walk(tuple.getValueNode(), anchored);
      }
    } else if (node instanceof SequenceNode list) {
      for (Node item : list.getValue()) {
        walk(item, anchored);
      }
    }
  }

  private void image(Node container, String anchor) throws SlimException {
    if (!(YamlText.get(container, "image") instanceof ScalarNode image)) {
      return;
    }
    Optional<ImageRef> parsed = ImageRef.parse(image.getValue());
    if (parsed.isEmpty()) {
      return;
    }
    ImageRef ref = parsed.get();
    String digest = digests.get(ref.repository());
    if (digest == null) {
      return;
    }
    edits.found.add(ref.repository());
    if (digest.equals(ref.digest())) {
      return;
    }
    String shared = anchorOf(image).orElse(anchor);
    if (shared != null) {
      throw new SlimException(Reason.USAGE, yaml.where(image) + ": image " + image.getValue()
          + " is inside the YAML anchor &" + shared + ", which aliases may share; slim pin does"
          + " not rewrite shared values: write the container out where it is used");
    }
    edits.add(yaml.replace(image, ref.pinned(digest), "image " + image.getValue()));
    edits.fields++;
  }

  static Optional<String> anchorOf(Node node) {
    return node.getAnchor().map(Anchor::getValue);
  }
}
