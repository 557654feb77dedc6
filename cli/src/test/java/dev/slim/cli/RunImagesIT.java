package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.testing.RegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The images slim builds start and run: pulled from the registry by the Docker engine
 * (Testcontainers), and loaded from the local archive with {@code docker load}.
 */
class RunImagesIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  @TempDir Path tmp;

  @BeforeAll
  static void setUp() throws Exception {
    boolean docker = DockerClientFactory.instance().isDockerAvailable();
    if (!docker && System.getenv("CI") == null) {
      Assumptions.abort("no Docker engine here (start dockerd, see .ci/run); skipping run tests");
    }
    assertThat(docker).as("CI must provide a Docker engine").isTrue();
  }

  private static String docker() {
    String docker = System.getenv("SLIM_DOCKER");
    return docker == null ? "/usr/bin/docker" : docker;
  }

  @Test
  void pushedImageRunsAndPrintsTheFixturesGreeting() throws Exception {
    String image = registry.host() + "/run/hello:" + UUID.randomUUID();
    SlimProcess.Run run = SlimProcess.run(tmp, "build", fixture("go-hello-linux-amd64").toString(),
        "--image", image, "--push");
    assertThat(run.exit()).as(run.err()).isZero();
    try (GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
        .withNetworkMode("none")
        .withStartupCheckStrategy(
            new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
      container.start();
      assertThat(container.getLogs()).contains("hello from slim fixture");
    }
  }

  @Test
  void staticPieAndMuslImagesRunToo() throws Exception {
    for (String name : new String[] {"c-static-pie", "c-musl-static"}) {
      String image = registry.host() + "/run/" + name + ":" + UUID.randomUUID();
      SlimProcess.Run run = SlimProcess.run(tmp, "build", fixture(name).toString(), "--image",
          image, "--push", "--path", "/usr/local/bin/hello");
      assertThat(run.exit()).as(run.err()).isZero();
      try (GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
          .withNetworkMode("none")
          .withStartupCheckStrategy(
              new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
        container.start();
        assertThat(container.getLogs()).as(name).contains("hello from slim fixture");
      }
    }
  }

  @Test
  void archiveLoadsWithDockerLoadAndRuns() throws Exception {
    String tag = "slim-archive-test:" + UUID.randomUUID().toString().substring(0, 8);
    Path archive = tmp.resolve("hello.tar");
    SlimProcess.Run run = SlimProcess.run(tmp, "build", fixture("go-hello-linux-amd64").toString(),
        "--image", tag, "-o", archive.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    String loaded = SlimProcess.tool(tmp, docker(), "load", "-i", archive.toString());
    assertThat(loaded).contains(tag);
    try {
      String output = SlimProcess.tool(tmp, docker(), "run", "--rm", "--network", "none", tag);
      assertThat(output).contains("hello from slim fixture");
      // skopeo reads the same file both as an OCI archive and as a docker archive
      assertThat(SlimProcess.tool(tmp, "skopeo", "inspect", "oci-archive:" + archive))
          .contains("\"Architecture\": \"amd64\"");
      assertThat(SlimProcess.tool(tmp, "skopeo", "inspect", "docker-archive:" + archive))
          .contains("\"Architecture\": \"amd64\"");
    } finally {
      SlimProcess.tool(tmp, docker(), "rmi", "-f", tag);
    }
  }

  @Test
  void aDockerSaveArchiveIsABaselineWithItsLayersCountedCompressed() throws Exception {
    String tag = "slim-save-test:" + UUID.randomUUID().toString().substring(0, 8);
    Path archive = tmp.resolve("slim.tar");
    Path first = tmp.resolve("first.json");
    SlimProcess.Run built = SlimProcess.run(tmp, "build",
        fixture("go-hello-linux-amd64-unstripped").toString(), "--image", tag, "-o",
        archive.toString(), "--report-json", first.toString());
    assertThat(built.exit()).as(built.err()).isZero();
    SlimProcess.tool(tmp, docker(), "load", "-i", archive.toString());
    Path saved = tmp.resolve("saved.tar");
    try {
      SlimProcess.tool(tmp, docker(), "save", "-o", saved.toString(), tag);
    } finally {
      SlimProcess.tool(tmp, docker(), "rmi", "-f", tag);
    }
    Path report = tmp.resolve("r.json");
    SlimProcess.Run run = SlimProcess.run(tmp, "build", fixture("go-hello-linux-amd64").toString(),
        "-o", tmp.resolve("new.tar").toString(), "--baseline", saved.toString(), "--report-json",
        report.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    long slimSize = json.readTree(first.toFile()).path("size").path("after").path("compressed")
        .asLong();
    long before = json.readTree(report.toFile()).path("size").path("before").path("compressed")
        .asLong();
    // docker save stores layers uncompressed; slim counts them as gzip -6 would: within 2%
    assertThat((double) before).isBetween(slimSize * 0.98, slimSize * 1.02);
  }
}
