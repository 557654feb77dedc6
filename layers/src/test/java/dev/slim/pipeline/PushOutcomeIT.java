package dev.slim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.image.Progress;
import dev.slim.registry.RegistryClient;
import dev.slim.render.Outcome;
import dev.slim.testing.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a push reports, step by step and in the end, against Debian's docker-registry. */
@Timeout(120)
class PushOutcomeIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  @TempDir Path tmp;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private BuildRequest request(String ref, Long maxSize, Map<String, String> env) {
    return BuildRequest.builder().binary(fixture("c-musl-static")).image(ref).push(true)
        .maxSize(maxSize).environment(env).build();
  }

  /** Every step the build reported, in order, once each. */
  private static final class Steps implements Progress {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void update(String step, long done, long total) {
      if (!seen.contains(step)) {
        seen.add(step);
      }
    }
  }

  @Test
  void aSecondIdenticalPushSaysReusedAndNeverUploading() throws Exception {
    Steps first = new Steps();
    SlimBuild.run(request(registry.host() + "/progress/app:1", null, Map.of()), first);
    assertThat(first.seen).anyMatch(s -> s.startsWith("uploading sha256:"))
        .anyMatch(s -> s.startsWith("uploaded sha256:"));
    Steps second = new Steps();
    BuildResult result =
        SlimBuild.run(request(registry.host() + "/progress/app:2", null, Map.of()), second);
    assertThat(second.seen).noneMatch(s -> s.contains("upload"))
        .filteredOn(s -> s.startsWith("reused sha256:")).hasSize(2)
        .allMatch(s -> s.endsWith(" (the registry has it)"));
    assertThat(result.report().outcome().status()).isEqualTo(Outcome.PUSHED);
  }

  @Test
  void aFailedGateLeavesTheTagAbsentAndTheReportsSayNotPushed() throws Exception {
    Path summary = tmp.resolve("summary.md");
    Files.writeString(summary, "earlier step\n");
    BuildRequest gated = request(registry.host() + "/gated/app:1", 1000L,
        Map.of("GITHUB_STEP_SUMMARY", summary.toString()));
    Steps steps = new Steps();
    BuildResult result = SlimBuild.run(gated, steps);
    assertThat(result.gateFailure()).hasValueSatisfying(f ->
        assertThat(f).endsWith("over --max-size 1000 bytes; not pushed"));
    assertThat(result.report().outcome().status()).isEqualTo(Outcome.NOT_PUSHED);
    assertThat(steps.seen).noneMatch(s -> s.contains("upload") || s.contains("pushing"));
    assertThat(RegistryClient.builder(registry.host()).build().getManifest("gated/app", "1"))
        .isEmpty();
    assertThat(Files.readString(summary)).startsWith("earlier step\n")
        .contains("**Not pushed**: gate max-size failed")
        .contains("| max-size | 1000 B | ");
  }

  @Test
  void warningsReachTheJobSummary() throws Exception {
    Path summary = tmp.resolve("summary.md");
    BuildRequest request = BuildRequest.builder().binary(fixture("go-needs-linux-amd64"))
        .output(tmp.resolve("a.tar"))
        .environment(Map.of("GITHUB_STEP_SUMMARY", summary.toString()))
        .ignoredWarnings(Set.of("no-zoneinfo", "go-build-id")).build();
    BuildResult result = SlimBuild.run(request, Progress.NONE);
    assertThat(result.warnings()).extracting(w -> w.name()).containsExactly("no-ca-bundle");
    assertThat(Files.readString(summary)).contains("- **Warning `no-ca-bundle`** in `"
        + fixture("go-needs-linux-amd64") + "`: links crypto/x509 (TLS)")
        .doesNotContain("no-zoneinfo");
  }
}
