package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a build goes: the names docker load gives it, the archive path, the tags pushed. */
class TargetTest {

  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private static Target target(String binary, String image, List<String> tags) throws Exception {
    return Target.of(BuildRequest.builder().binary(Path.of(binary)).image(image).tags(tags)
        .build());
  }

  private static void refused(BuildRequest request, String message) {
    assertThatThrownBy(() -> Target.of(request)).isInstanceOf(SlimException.class)
        .hasMessage(message)
        .extracting(e -> ((SlimException) e).reason()).isEqualTo(SlimException.Reason.USAGE);
  }

  @Test
  void aLocalBuildIsNamedAfterTheBinaryAndWrittenUnderBuild() throws Exception {
    Target target = target("/tmp/x/My_App", null, List.of());
    assertThat(target.name()).isEqualTo("my_app:latest");
    assertThat(target.tag()).isEqualTo("latest");
    assertThat(target.archive()).isEqualTo(Path.of("build", "my_app.tar"));
    assertThat(target.names()).containsExactly("my_app:latest");
    assertThat(target.tags()).containsExactly("latest");
  }

  @Test
  void aTagOtherThanLatestIsInTheArchiveName() throws Exception {
    Target target = target("app", "example.com/team/server:1.2", List.of());
    assertThat(target.archive()).isEqualTo(Path.of("build", "server-1.2.tar"));
    assertThat(target.name()).isEqualTo("example.com/team/server:1.2");
    assertThat(target.ref().registry()).isEqualTo("example.com");
  }

  @Test
  void anOutputGivenIsTheArchive() throws Exception {
    Target target = Target.of(BuildRequest.builder().binary(Path.of("app"))
        .image("example.com/app:1").output(Path.of("/tmp/out.tar")).build());
    assertThat(target.archive()).isEqualTo(Path.of("/tmp/out.tar"));
  }

  @Test
  void defaultNamesAreLowercaseWithEveryOtherCharacterADash() {
    assertThat(Target.defaultName(Path.of("Hello World+1"))).isEqualTo("hello-world-1:latest");
    assertThat(Target.defaultName(Path.of("__x"))).isEqualTo("x:latest");
    assertThat(Target.defaultName(Path.of("+++"))).as("nothing left").isEqualTo("app:latest");
    assertThat(Target.defaultName(Path.of("a.b-c_d"))).isEqualTo("a.b-c_d:latest");
  }

  @Test
  void furtherTagsComeAfterTheImagesOwnOnceEachWithANameEach() throws Exception {
    Target target = target("app", "127.0.0.1:5000/team/app:1", List.of("2", "1", "latest", "2"));
    assertThat(target.tags()).containsExactly("1", "2", "latest");
    assertThat(target.names()).containsExactly("127.0.0.1:5000/team/app:1",
        "127.0.0.1:5000/team/app:2", "127.0.0.1:5000/team/app:latest");
  }

  @Test
  void aPortIsNotATagWhenNamingFurtherTags() throws Exception {
    Target target = target("app", "127.0.0.1:5000/app", List.of("2"));
    assertThat(target.tag()).isEqualTo("latest");
    assertThat(target.names()).containsExactly("127.0.0.1:5000/app", "127.0.0.1:5000/app:2");
  }

  @Test
  void aNameWithoutRegistryOrTagGetsItsFurtherTags() throws Exception {
    Target target = target("app", "app", List.of("2"));
    assertThat(target.names()).containsExactly("app", "app:2");
    assertThat(target.archive()).isEqualTo(Path.of("build", "app.tar"));
  }

  @Test
  void aDigestBesideTheTagIsLeftOutOfFurtherNames() throws Exception {
    Target target = target("app", "example.com/app:1@" + DIGEST, List.of("2"));
    assertThat(target.tag()).isEqualTo("1");
    assertThat(target.names()).containsExactly("example.com/app:1@" + DIGEST,
        "example.com/app:2");
  }

  @Test
  void localBuildsNameFurtherTagsAfterTheBinary() throws Exception {
    Target target = target("server", null, List.of("v2"));
    assertThat(target.names()).containsExactly("server:latest", "server:v2");
  }

  @Test
  void pushingNeedsAnImage() {
    refused(BuildRequest.builder().binary(Path.of("app")).push(true).build(),
        "--push needs --image REGISTRY/REPOSITORY:TAG to know where to push");
  }

  @Test
  void aDigestWithoutATagIsRefused() {
    refused(BuildRequest.builder().binary(Path.of("app")).image("example.com/app@" + DIGEST)
        .build(), "--image needs a tag, not a digest: the digest is what slim computes");
  }

  @Test
  void aMalformedImageOrTagNamesItsOption() {
    assertThatThrownBy(() -> target("app", "Example.com/UPPER:1", List.of()))
        .isInstanceOf(SlimException.class).hasMessageStartingWith("--image: ");
    assertThatThrownBy(() -> target("app", "example.com/app:1", List.of("-bad")))
        .isInstanceOf(SlimException.class).hasMessageStartingWith("--tag: '-bad' is not a tag");
  }
}
