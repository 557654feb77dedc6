package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.slim.testing.Gens;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Laws of image references, for random references built from Docker's grammar (registries with
 * and without ports, localhost, Docker Hub names with and without {@code library/}, nested paths
 * with every separator, tags, digests, both): parsing the printed form gives the same value, and
 * printing is a fixed point (what slim prints, slim reads back unchanged).
 */
class ImageRefPropertiesTest {

  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String[] SEPARATORS = {".", "_", "__", "-", "--"};

  @Test
  void parsingThePrintedFormGivesTheSameReference() {
    qt().withExamples(2000).forAll(Gens.longs(0, Long.MAX_VALUE)).checkAssert(seed -> {
      String written = reference(new Random(seed));
      ImageRef ref = ImageRef.parse(written);
      assertThat(ImageRef.parse(ref.toString())).as(written).isEqualTo(ref);
      assertThat(ImageRef.parse(ref.toString()).toString()).as(written)
          .isEqualTo(ref.toString());
      assertThat(ref.tag() != null || ref.digest() != null).as(written).isTrue();
    });
  }

  @Test
  void aTagOrDigestAddedIsWhatIsReadBack() {
    qt().withExamples(500).forAll(Gens.longs(0, Long.MAX_VALUE)).checkAssert(seed -> {
      Random r = new Random(seed);
      ImageRef ref = ImageRef.parse(reference(r));
      String tag = tag(r);
      String digest = digest(r);
      assertThat(ImageRef.parse(ref.withTag(tag).toString()).tag()).isEqualTo(tag);
      assertThat(ImageRef.parse(ref.withDigest(digest).toString()).digest()).isEqualTo(digest);
    });
  }

  private static String reference(Random r) {
    StringBuilder out = new StringBuilder();
    switch (r.nextInt(6)) {
      case 0 -> out.append(word(r)).append(r.nextBoolean() ? "-" + word(r) : "").append('.')
          .append(word(r)).append('/');
      case 1 -> out.append(word(r)).append(".example:").append(1 + r.nextInt(65535))
          .append('/');
      case 2 -> out.append("localhost").append(r.nextBoolean() ? ":5000" : "").append('/');
      case 3 -> out.append("127.0.0.1:").append(1 + r.nextInt(65535)).append('/');
      case 4 -> out.append("docker.io/");
      default -> { } // Docker Hub, implied
    }
    boolean implied = out.length() == 0;
    int components = 1 + r.nextInt(4);
    for (int i = 0; i < components; i++) {
      // implied Docker Hub: a first component with a '.' would be read as a registry
      out.append(i > 0 ? "/" : "").append(implied && i == 0 ? word(r) : component(r));
    }
    int suffix = r.nextInt(4);
    if (suffix == 1 || suffix == 3) {
      out.append(':').append(tag(r));
    }
    if (suffix >= 2) {
      out.append('@').append(digest(r));
    }
    return out.toString();
  }

  /** {@code [a-z0-9]+} joined by the separators Docker allows. */
  private static String component(Random r) {
    StringBuilder out = new StringBuilder(word(r));
    int more = r.nextInt(3);
    for (int i = 0; i < more; i++) {
      out.append(SEPARATORS[r.nextInt(SEPARATORS.length)]).append(word(r));
    }
    return out.toString();
  }

  private static String word(Random r) {
    StringBuilder out = new StringBuilder();
    int length = 1 + r.nextInt(6);
    for (int i = 0; i < length; i++) {
      out.append(LOWER.charAt(r.nextInt(LOWER.length())));
    }
    return out.toString();
  }

  private static String tag(Random r) {
    String first = "abcXYZ019_";
    String rest = "abcXYZ019_.-";
    StringBuilder out = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
    int length = r.nextInt(4) == 0 ? 127 : r.nextInt(12);
    for (int i = 0; i < length; i++) {
      out.append(rest.charAt(r.nextInt(rest.length())));
    }
    return out.toString();
  }

  private static String digest(Random r) {
    StringBuilder out = new StringBuilder("sha256:");
    for (int i = 0; i < 64; i++) {
      out.append("0123456789abcdef".charAt(r.nextInt(16)));
    }
    return out.toString();
  }
}
