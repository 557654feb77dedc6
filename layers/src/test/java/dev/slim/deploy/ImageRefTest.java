package dev.slim.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How manifests' image references are matched to what slim built, and the digest lines read. */
class ImageRefTest {

  static final String D = "sha256:" + "9".repeat(64);

  private static String repository(String ref) {
    return ImageRef.parse(ref).map(ImageRef::repository).orElse(null);
  }

  @Test
  void normalisesDockerHubNamesAndKeepsOtherRegistriesAsTheyAre() {
    assertThat(repository("nginx")).isEqualTo("docker.io/library/nginx");
    assertThat(repository("nginx:1.27")).isEqualTo("docker.io/library/nginx");
    assertThat(repository("library/nginx")).isEqualTo("docker.io/library/nginx");
    assertThat(repository("docker.io/nginx")).isEqualTo("docker.io/library/nginx");
    assertThat(repository("index.docker.io/library/nginx@" + D))
        .isEqualTo("docker.io/library/nginx");
    assertThat(repository("acme/tool:3")).isEqualTo("docker.io/acme/tool");
    assertThat(repository("localhost/app")).isEqualTo("localhost/app");
    assertThat(repository("localhost:5000/team/app:1@" + D)).isEqualTo("localhost:5000/team/app");
    assertThat(repository("Registry.Example.COM/shop/api")).isEqualTo("registry.example.com/shop/api");
    assertThat(repository("127.0.0.1:5000/app")).isEqualTo("127.0.0.1:5000/app");
  }

  @Test
  void keepsTheNameAsWrittenAndDropsTheTagWhenPinned() {
    ImageRef ref = ImageRef.parse("localhost:5000/app:1.0@sha256:" + "0".repeat(64)).get();
    assertThat(ref.name()).isEqualTo("localhost:5000/app");
    assertThat(ref.tag()).isEqualTo("1.0");
    assertThat(ref.pinned(D)).isEqualTo("localhost:5000/app@" + D);
  }

  @Test
  void templatesAndNonsenseAreNoReferences() {
    for (String text : List.of("", "{{ .Values.image }}", "${IMAGE}", "a b", "UPPER/case",
        "app:", "app@", "app@sha256:short", "http://x/y", "a//b", ":tag")) {
      assertThat(ImageRef.parse(text)).as(text).isEqualTo(Optional.empty());
    }
  }

  @Test
  void readsTheDigestLinesSlimBuildWritesOneTagALine() throws Exception {
    Map<String, String> digests = Pinning.digests(List.of(
        "localhost:5000/app:1.0@" + D, "localhost:5000/app:latest@" + D, "",
        "ghcr.io/o/worker@sha256:" + "1".repeat(64)), "digests.txt");
    assertThat(digests).containsExactly(Map.entry("localhost:5000/app", D),
        Map.entry("ghcr.io/o/worker", "sha256:" + "1".repeat(64)));
  }

  @Test
  void refusesDigestLinesWithoutADigestOrWithTwoForOneRepository() {
    assertThatThrownBy(() -> Pinning.digests(List.of("localhost:5000/app:1.0"), "d.txt"))
        .isInstanceOf(SlimException.class).hasMessage("d.txt:1: not an image reference with a"
            + " sha256 digest (REGISTRY/REPOSITORY[:TAG]@sha256:…): localhost:5000/app:1.0");
    assertThatThrownBy(() -> Pinning.digests(List.of("a.io/app:1@" + D,
        "a.io/app:2@sha256:" + "1".repeat(64)), "d.txt"))
        .hasMessage("d.txt:2: a.io/app has two digests, " + D + " and sha256:" + "1".repeat(64)
            + "; which one to pin is unclear");
    assertThatThrownBy(() -> Pinning.digests(List.of("", " "), "d.txt"))
        .hasMessage("d.txt: no image reference in it");
  }

  @Test
  void aRequestTakesFullRepositoryNamesOnly() {
    assertThatThrownBy(() -> new PinRequest(Map.of("nginx", D), List.of(), true))
        .hasMessage("not a full repository name (REGISTRY/PATH, no tag): nginx");
    assertThatThrownBy(() -> new PinRequest(Map.of("a.io/app", "sha256:12"), List.of(), true))
        .hasMessage("a.io/app: not a sha256 digest: sha256:12");
  }
}
