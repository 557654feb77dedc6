package dev.slim.deploy;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The {@code images:} entries of a kustomization (kustomize's {@code kustomization.yaml}, or a
 * Flux {@code Kustomization}'s {@code spec.images}). An entry is slim's when its {@code newName},
 * else its {@code name}, is a built repository; it then gets {@code digest:} and loses
 * {@code newTag:}, as {@code kustomize edit set image NAME@DIGEST} leaves it (kustomize puts a
 * tag given beside a digest into the image too, and a stale tag there would mislead).
 */
final class Kustomizations {

  static final Set<String> FILE_NAMES = Set.of(
      "kustomization.yaml", "kustomization.yml", "Kustomization");

  private Kustomizations() {}

  /** Adds to {@code edits} the splices that pin the images of {@code digests} in the file. */
  static void pin(YamlText yaml, boolean namedSo, Map<String, String> digests, Edits edits)
      throws SlimException {
    for (Node document : yaml.documents) {
      String kind = YamlText.scalar(YamlText.get(document, "kind"));
      String api = YamlText.scalar(YamlText.get(document, "apiVersion"));
      Node images = null;
      if ("Kustomization".equals(kind) && api != null
          && api.startsWith("kustomize.toolkit.fluxcd.io/")) {
        images = YamlText.get(YamlText.get(document, "spec"), "images");
      } else if (namedSo || "Kustomization".equals(kind)
          && (api == null || api.startsWith("kustomize.config.k8s.io/"))) {
        images = YamlText.get(document, "images");
      }
      if (images instanceof SequenceNode list) {
        for (Node entry : list.getValue()) {
          if (entry instanceof MappingNode map) {
            entry(yaml, map, digests, edits);
          }
        }
      }
    }
  }

  private static void entry(YamlText yaml, MappingNode entry, Map<String, String> digests,
      Edits edits) throws SlimException {
    NodeTuple name = YamlText.tuple(entry, "name");
    NodeTuple newName = YamlText.tuple(entry, "newName");
    NodeTuple newTag = YamlText.tuple(entry, "newTag");
    NodeTuple digest = YamlText.tuple(entry, "digest");
    NodeTuple target = newName != null ? newName : name;
    if (target == null || !(target.getValueNode() instanceof ScalarNode targetValue)) {
      return;
    }
    Optional<ImageRef> parsed = ImageRef.parse(targetValue.getValue());
    if (parsed.isEmpty() || !digests.containsKey(parsed.get().repository())) {
      return;
    }
    ImageRef ref = parsed.get();
    String pinned = digests.get(ref.repository());
    String field = target == newName ? "newName" : "name";
    for (NodeTuple t : new NodeTuple[] {name, newName, newTag, digest}) {
      if (t != null && (!(t.getValueNode() instanceof ScalarNode)
          || Containers.anchorOf(t.getValueNode()).isPresent())) {
        throw new SlimException(Reason.USAGE, yaml.where(t.getKeyNode()) + ": images entry "
            + ref.name() + ": " + YamlText.scalar(t.getKeyNode()) + " is not a plain value"
            + " (a list, a map, an anchor or an alias); slim pin cannot rewrite it");
      }
    }
    if (ref.tag() != null || ref.digest() != null) {
      throw new SlimException(Reason.USAGE, yaml.where(targetValue) + ": images entry "
          + targetValue.getValue() + ": " + field + " holds a tag or digest, which kustomize"
          + " does not read there; give the name alone and slim pin sets digest:");
    }
    edits.found.add(ref.repository());
    String oldDigest = digest == null ? null : YamlText.scalar(digest.getValueNode());
    if (pinned.equals(oldDigest) && newTag == null) {
      return;
    }
    edits.fields++;
    boolean flow = entry.getFlowStyle() == FlowStyle.FLOW;
    if (digest != null) {
      if (!pinned.equals(oldDigest)) {
        edits.add(yaml.replace((ScalarNode) digest.getValueNode(), pinned, "digest"));
      }
      if (newTag != null) {
        edits.add(remove(yaml, entry.getValue(), newTag, flow));
      }
    } else if (newTag != null) {
      edits.add(new Splice(yaml.start(newTag.getKeyNode()), yaml.end(newTag.getValueNode()),
          "digest: " + pinned));
    } else {
      List<NodeTuple> tuples = entry.getValue();
      int end = yaml.end(tuples.get(tuples.size() - 1).getValueNode());
      if (flow) {
        edits.add(new Splice(end, end, ", digest: " + pinned));
      } else {
        int at = yaml.lineEnd(end);
        String indent = " ".repeat(YamlText.column(tuples.get(0).getKeyNode()));
        edits.add(new Splice(at, at, yaml.lineBreak() + indent + "digest: " + pinned));
      }
    }
  }

  /** The splice that takes the pair {@code gone} out of its mapping, its comment with it. */
  private static Splice remove(YamlText yaml, List<NodeTuple> tuples, NodeTuple gone,
      boolean flow) {
    int i = tuples.indexOf(gone);
    if (i + 1 < tuples.size()) {
      return new Splice(yaml.start(gone.getKeyNode()),
          yaml.start(tuples.get(i + 1).getKeyNode()), "");
    }
    int previous = yaml.end(tuples.get(i - 1).getValueNode());
    if (flow) {
      return new Splice(previous, yaml.end(gone.getValueNode()), "");
    }
    return new Splice(yaml.lineEnd(previous), yaml.lineEnd(yaml.end(gone.getValueNode())), "");
  }
}
