package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.plan.PlanRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a build request holds, what it says about itself, and what it never prints. */
class BuildRequestTest {

  private static BuildRequest everything() {
    return BuildRequest.builder().binaries(List.of(Path.of("a"), Path.of("b")))
        .plan(PlanRequest.builder().build()).image("example.com/app:1").push(true)
        .output(Path.of("out.tar")).baseline("example.com/app:0").maxSize(1000L)
        .insecureRegistries(Set.of("127.0.0.1:5000")).username("me").password("s3cret")
        .digestFile(Path.of("digest")).reportJson(Path.of("r.json"))
        .reportMarkdown(Path.of("r.md")).environment(Map.of("HOME", "/home/me"))
        .baseRegistry("mirror.example.com").sbom(true).sbomOutput(Path.of("s.json"))
        .ignoredWarnings(Set.of("no-zoneinfo")).failOnWarning(true)
        .created(Instant.EPOCH).config(Path.of("slim.yaml")).tags(List.of("2")).build();
  }

  @Test
  void aCopyThroughTheBuilderIsEqual() {
    BuildRequest request = everything();
    assertThat(request.toBuilder().build()).isEqualTo(request);
    assertThat(request.toBuilder().ignoredWarnings()).containsExactly("no-zoneinfo");
    assertThat(request.binary()).isEqualTo(Path.of("a"));
  }

  @Test
  void thePasswordNeverShows() {
    assertThat(everything().toString()).doesNotContain("s3cret").contains("password=***")
        .contains("username=me");
    assertThat(BuildRequest.builder().binary(Path.of("a")).build().toString())
        .contains("password=none");
  }

  @Test
  void anSbomIsWantedWithSbomOrAnSbomFile() {
    BuildRequest.Builder none = BuildRequest.builder().binary(Path.of("a"));
    assertThat(none.build().sbomWanted()).isFalse();
    assertThat(none.sbom(true).build().sbomWanted()).isTrue();
    assertThat(none.sbom(false).sbomOutput(Path.of("s.json")).build().sbomWanted()).isTrue();
  }

  @Test
  void stdoutIsWrittenWhenAnyOutputIsDash() {
    BuildRequest.Builder base = BuildRequest.builder().binary(Path.of("a"));
    assertThat(base.build().writesStdout()).isFalse();
    assertThat(base.output(Path.of("-")).build().writesStdout()).isTrue();
    assertThat(base.push(true).image("example.com/a:1").build().writesStdout())
        .as("a push writes no archive").isFalse();
    assertThat(base.reportJson(Path.of("-")).build().writesStdout()).isTrue();
    assertThat(base.reportJson(null).sbomOutput(Path.of("/dev/stdout")).build().writesStdout())
        .isTrue();
  }

  @Test
  void nullTagsAreNoTagsAndTheEnvironmentIsSorted() {
    BuildRequest request = new BuildRequest(List.of(Path.of("a")), PlanRequest.builder().build(),
        null, false, null, null, null, Set.of(), null, null, null, null, null,
        Map.of("B", "2", "A", "1"), null, false, null, Set.of(), false, null, null, null);
    assertThat(request.tags()).isEmpty();
    assertThat(request.environment().keySet()).containsExactly("A", "B");
  }

  @Test
  void aRequestNeedsABinaryAndLeavesTheCreationTimeToTheBuild() {
    assertThatThrownBy(() -> BuildRequest.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a build needs at least one binary");
    assertThatThrownBy(() -> BuildRequest.builder().binary(Path.of("a"))
        .plan(PlanRequest.builder().created(Instant.EPOCH).build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the build decides the creation time");
  }
}
