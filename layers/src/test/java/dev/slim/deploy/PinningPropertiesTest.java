package dev.slim.deploy;

import static dev.slim.testing.Gens.longs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random manifests (several documents; Pods, Deployments, CronJobs; random indentation, dash
 * spacing, key order, comments, quoting, flow or block items; images slim built and others,
 * with and without tags and digests): pinning changes exactly the spans of the built images'
 * values, to exactly the pinned reference in the same quotes, and a second run nothing.
 */
class PinningPropertiesTest {

  static final String DIGEST = "sha256:" + "5".repeat(64);
  static final Map<String, String> BUILT = Map.of(
      "reg.example/a/app", DIGEST, "localhost:5000/svc", DIGEST, "docker.io/library/web", DIGEST);
  /** Spellings of built images, and of images slim did not build. */
  static final String[] OURS = {"reg.example/a/app", "localhost:5000/svc", "web",
      "docker.io/library/web", "library/web", "index.docker.io/library/web"};
  static final String[] THEIRS = {"reg.example/a/other", "quay.io/x/y", "nginx",
      "localhost:5001/svc", "reg.example/a/app-b", "docker.io/acme/web"};

  @TempDir Path tmp;

  /** A generated manifest and the splices pinning must make. */
  record Case(String text, List<Splice> expected) {}

  @Test
  void onlyTheBuiltImagesValuesChange() {
    qt().withExamples(200).forAll(longs(0, Long.MAX_VALUE)).checkAssert(seed -> {
      Case c = generate(new Random(seed));
      try {
        Path file = Files.writeString(Files.createTempFile(tmp, "m", ".yaml"), c.text());
        PinResult first = Pinning.pin(new PinRequest(BUILT, List.of(file), false));
        String expected = Splice.apply(c.text(), c.expected());
        assertThat(Files.readString(file)).as("seed %d:%n%s", seed, c.text()).isEqualTo(expected);
        assertThat(first.fields()).isEqualTo(c.expected().size());
        assertThat(Pinning.pin(new PinRequest(BUILT, List.of(file), false)).changed()).isEmpty();
        K8sFixtures.documents(expected); // still YAML
      } catch (Exception e) {
        throw new AssertionError("seed " + seed + ":\n" + c.text(), e);
      }
    });
  }

  private static Case generate(Random r) {
    StringBuilder out = new StringBuilder();
    List<Splice> expected = new ArrayList<>();
    int documents = 1 + r.nextInt(3);
    for (int d = 0; d < documents; d++) {
      if (d > 0 || r.nextBoolean()) {
        out.append("---").append(r.nextInt(4) == 0 ? " # next\n" : "\n");
      }
      comment(r, out, 0);
      document(r, out, expected, d);
    }
    return new Case(out.toString(), expected);
  }

  private static void document(Random r, StringBuilder out, List<Splice> expected, int d) {
    int u = new int[] {2, 3, 4, 6}[r.nextInt(4)];
    List<String> path = switch (r.nextInt(3)) {
      case 0 -> List.of("spec");
      case 1 -> List.of("spec", "template", "spec");
      default -> List.of("spec", "jobTemplate", "spec", "template", "spec");
    };
    String kind = path.size() == 1 ? "Pod" : path.size() == 3 ? "Deployment" : "CronJob";
    out.append("apiVersion: v1\nkind: ").append(kind).append("\nmetadata:\n")
        .append(" ".repeat(u)).append("name: doc").append(d).append('\n');
    if (r.nextBoolean()) {
      // looks like an image, is an annotation: never touched
      out.append(" ".repeat(u)).append("annotations:\n").append(" ".repeat(2 * u))
          .append("image: ").append(OURS[r.nextInt(OURS.length)]).append(":1\n");
    }
    int depth = 0;
    for (String key : path) {
      comment(r, out, depth * u);
      out.append(" ".repeat(depth * u)).append(key).append(":\n");
      depth++;
      if (r.nextInt(3) == 0) {
        out.append(" ".repeat(depth * u)).append("extra: ").append(r.nextInt(9)).append('\n');
      }
    }
    List<String> keys = new ArrayList<>(List.copyOf(Containers.KEYS));
    java.util.Collections.shuffle(keys, r);
    for (String key : keys.subList(0, 1 + r.nextInt(3))) {
      out.append(" ".repeat(depth * u)).append(key).append(":");
      comment(r, out, -1);
      out.append('\n');
      int dash = depth * u + (r.nextBoolean() ? 0 : u);
      int items = 1 + r.nextInt(4);
      for (int i = 0; i < items; i++) {
        container(r, out, expected, dash, i);
      }
    }
  }

  private static void container(Random r, StringBuilder out, List<Splice> expected, int dash,
      int i) {
    String gap = " ".repeat(1 + 2 * r.nextInt(2));
    boolean flow = r.nextInt(4) == 0;
    List<String> order = new ArrayList<>(List.of("name", "image", "args"));
    java.util.Collections.shuffle(order, r);
    out.append(" ".repeat(dash)).append('-').append(gap).append(flow ? "{" : "");
    boolean first = true;
    for (String key : order) {
      if (!first) {
        if (flow) {
          out.append(", ");
        } else {
          out.append('\n');
          comment(r, out, dash + 1 + gap.length());
          out.append(" ".repeat(dash + 1 + gap.length()));
        }
      }
      first = false;
      out.append(key).append(": ");
      switch (key) {
        case "name" -> out.append("c").append(i);
        case "args" -> out.append(r.nextBoolean() ? "[--x, \"y: z\"]" : "'--flag'");
        default -> image(r, out, expected);
      }
      if (!flow && r.nextInt(3) == 0) {
        comment(r, out, -1);
      }
    }
    out.append(flow ? "}" : "");
    if (flow && r.nextBoolean()) {
      comment(r, out, -1);
    }
    out.append('\n');
  }

  private static void image(Random r, StringBuilder out, List<Splice> expected) {
    boolean ours = r.nextBoolean();
    String name = ours ? OURS[r.nextInt(OURS.length)] : THEIRS[r.nextInt(THEIRS.length)];
    String written = name + (r.nextBoolean() ? ":v" + r.nextInt(10) : "");
    boolean alreadyPinned = ours && r.nextInt(4) == 0;
    if (alreadyPinned) {
      written += "@" + DIGEST;
    } else if (r.nextInt(3) == 0) {
      written += "@sha256:" + "0".repeat(64);
    }
    String quote = new String[] {"", "'", "\""}[r.nextInt(3)];
    int start = out.length();
    out.append(quote).append(written).append(quote);
    if (ours && !alreadyPinned) {
      expected.add(new Splice(start, out.length(), quote + name + "@" + DIGEST + quote));
    }
  }

  /** Now and then a comment: a line of its own at {@code indent}, or (-1) after a value. */
  private static void comment(Random r, StringBuilder out, int indent) {
    if (r.nextInt(3) != 0) {
      return;
    }
    String text = "# " + new String[] {"note", "image: nginx:1", "x: [y]", "—ü"}[r.nextInt(4)];
    if (indent < 0) {
      out.append(" ".repeat(1 + r.nextInt(3))).append(text);
    } else {
      out.append(" ".repeat(r.nextBoolean() ? indent : 0)).append(text).append('\n');
    }
  }
}
