package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRefTest {

  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest
  @CsvSource({
      "alpine, docker.io, library/alpine, latest",
      "alpine:3.20, docker.io, library/alpine, 3.20",
      "user/app:v1, docker.io, user/app, v1",
      "docker.io/alpine, docker.io, library/alpine, latest",
      "index.docker.io/library/alpine:edge, docker.io, library/alpine, edge",
      "localhost/app, localhost, app, latest",
      "localhost:5000/app:1, localhost:5000, app, 1",
      "127.0.0.1:5000/team/app:1.0, 127.0.0.1:5000, team/app, 1.0",
      "ghcr.io/org/app, ghcr.io, org/app, latest",
      "[::1]:5000/app:v2, [::1]:5000, app, v2",
      "registry.example/a/b/c:x_Y-1.2, registry.example, a/b/c, x_Y-1.2",
      "my-registry:8443/app, my-registry:8443, app, latest",
  })
  void followsDockerRulesForRegistryRepositoryAndTag(String input, String registry,
      String repository, String tag) {
    ImageRef ref = ImageRef.parse(input);

    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isNull();
  }

  @Test
  void keepsTheDigestAndNoDefaultTagWhenPinned() {
    ImageRef ref = ImageRef.parse("127.0.0.1:5000/app@" + DIGEST);

    assertThat(ref.tag()).isNull();
    assertThat(ref.digest()).isEqualTo(DIGEST);
    assertThat(ref.reference()).isEqualTo(DIGEST);
    assertThat(ref).hasToString("127.0.0.1:5000/app@" + DIGEST);
  }

  @Test
  void keepsBothTagAndDigest() {
    ImageRef ref = ImageRef.parse("alpine:3.20@" + DIGEST);

    assertThat(ref.tag()).isEqualTo("3.20");
    assertThat(ref.digest()).isEqualTo(DIGEST);
    assertThat(ref).hasToString("docker.io/library/alpine:3.20@" + DIGEST);
  }

  @Test
  void printsTheCanonicalForm() {
    assertThat(ImageRef.parse("alpine")).hasToString("docker.io/library/alpine:latest");
    assertThat(ImageRef.parse("localhost:5000/x")).hasToString("localhost:5000/x:latest");
  }

  @Test
  void parsesItsOwnCanonicalFormToTheSameValue() {
    ImageRef ref = ImageRef.parse("ghcr.io/org/app:1@" + DIGEST);

    assertThat(ImageRef.parse(ref.toString())).isEqualTo(ref);
  }

  @Test
  void pinsToADigestKeepingTheTag() {
    ImageRef pinned = ImageRef.parse("127.0.0.1:5000/app:1").withDigest(DIGEST);

    assertThat(pinned).hasToString("127.0.0.1:5000/app:1@" + DIGEST);
    assertThat(pinned.reference()).isEqualTo(DIGEST);
  }

  @Test
  void rejectsUppercaseRepository() {
    assertThatThrownBy(() -> ImageRef.parse("MyApp:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid image reference \"MyApp:1\": repository name must be lowercase");
  }

  @Test
  void rejectsBadTagCharacters() {
    assertThatThrownBy(() -> ImageRef.parse("app:bad!tag"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid image reference \"app:bad!tag\": tag \"bad!tag\" may contain only"
            + " letters, digits, '_', '.' and '-', must not start with '.' or '-', and has at"
            + " most 128 characters");
  }

  @Test
  void rejectsTagStartingWithADot() {
    assertThatThrownBy(() -> ImageRef.parse("app:.hidden"))
        .hasMessageStartingWith("invalid image reference \"app:.hidden\": tag \".hidden\"");
  }

  @Test
  void rejectsMalformedDigest() {
    assertThatThrownBy(() -> ImageRef.parse("app@sha256:abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid image reference \"app@sha256:abc\": digest \"sha256:abc\" must be"
            + " sha256: followed by 64 lowercase hex digits");
  }

  @Test
  void rejectsEmptyPathComponent() {
    assertThatThrownBy(() -> ImageRef.parse("registry.example//app"))
        .hasMessage("invalid image reference \"registry.example//app\": repository name"
            + " component \"\" must be lowercase letters and digits, separated by '.', '_',"
            + " '__' or '-'");
  }

  @Test
  void rejectsEmptyReference() {
    assertThatThrownBy(() -> ImageRef.parse(""))
        .hasMessage("invalid image reference \"\": it is empty");
  }

  @Test
  void rejectsMissingRepositoryAfterRegistry() {
    assertThatThrownBy(() -> ImageRef.parse("localhost:5000/"))
        .hasMessage("invalid image reference \"localhost:5000/\": repository name is empty");
  }

  @Test
  void constructorRefusesAReferenceWithoutTagOrDigest() {
    assertThatThrownBy(() -> new ImageRef("docker.io", "library/alpine", null, null))
        .hasMessage("a tag or a digest is needed");
  }
}
