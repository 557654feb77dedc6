package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.registry.RegistryClient;
import dev.slim.testing.RegistryExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A baseline in the registry: one given with {@code --baseline} must exist; the image at the tag
 * that {@code --push} compares with by default may be missing (the first push).
 */
class BaselineIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  @TempDir Path tmp;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void anExplicitBaselineThatDoesNotExistIsARegistryErrorAndNothingIsPushed() throws Exception {
    String missing = registry.host() + "/baseline/nope:1";

    SlimProcess.Run run = SlimProcess.run(tmp, "build",
        fixture("go-hello-linux-amd64").toString(), "--image",
        registry.host() + "/baseline/app:1", "--push", "--baseline", missing);

    assertThat(run.exit()).as(run.all()).isEqualTo(4);
    assertThat(run.err()).endsWith("slim: baseline " + missing + ": nothing at " + missing
        + " (the registry has no such image); check the reference, or leave the baseline"
        + " out\n");
    assertThat(run.out()).isEmpty();
    assertThat(RegistryClient.builder(registry.host()).build()
        .getManifest("baseline/app", "1")).isEmpty();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void anExplicitBaselineThatDoesNotExistFailsALocalBuildToo() throws Exception {
    Path archive = tmp.resolve("app.tar");

    SlimProcess.Run run = SlimProcess.run(tmp, "build",
        fixture("go-hello-linux-amd64").toString(), "-o", archive.toString(), "--baseline",
        registry.host() + "/baseline/nope:2");

    assertThat(run.exit()).as(run.all()).isEqualTo(4);
    assertThat(run.err()).contains("slim: baseline " + registry.host() + "/baseline/nope:2:"
        + " nothing at ");
    assertThat(archive).doesNotExist();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theFirstPushHasNoBaselineAndSaysSo() throws Exception {
    Path report = tmp.resolve("r.json");
    String image = registry.host() + "/baseline/first:1";

    SlimProcess.Run run = SlimProcess.run(tmp, "build",
        fixture("go-hello-linux-amd64").toString(), "--image", image, "--push",
        "--report-json", report.toString());

    assertThat(run.exit()).as(run.all()).isZero();
    assertThat(new ObjectMapper().readTree(report.toFile()).path("size").path("before")
        .path("note").asText())
        .isEqualTo("no baseline: nothing at " + image + " yet (give --baseline REF to compare)");
  }
}
