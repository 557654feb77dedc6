package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.testing.RegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * jib-core (cloud credentials) is in slim.jar but loaded only for a GCR, Artifact Registry or
 * ECR host the Docker config has nothing for: an archive build, and a push anywhere else, start
 * as fast as without it. {@code -verbose:class} lists every class the JVM loads.
 */
class JibLoadingIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  @TempDir Path tmp;

  private SlimProcess.Run verbose(String... args) throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    return SlimProcess.run(tmp, List.of("-verbose:class"), Map.of("HOME", home.toString(),
        "DOCKER_CONFIG", home.resolve(".docker").toString()), null, args);
  }

  @Test
  void anArchiveBuildLoadsNoJibClass() throws Exception {
    SlimProcess.Run run = verbose("build", fixture("go-hello-linux-amd64").toString(), "-o",
        tmp.resolve("app.tar").toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("dev.slim.pipeline.SlimBuild source:")
        .doesNotContain("com.google.cloud.tools").doesNotContain("com.google.auth");
  }

  @Test
  void aPushToARegistryWithoutCloudCredentialsLoadsNoJibClass() throws Exception {
    SlimProcess.Run run = verbose("build", fixture("c-musl-static").toString(), "--image",
        registry.host() + "/it/nojib:1", "--push");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("dev.slim.registry.DockerConfigCredentials source:")
        .contains("dev.slim.registry.CloudRegistries source:")
        .doesNotContain("com.google.cloud.tools").doesNotContain("com.google.auth");
  }
}
