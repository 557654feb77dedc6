package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/** Whether the Docker engine is there: tests skip without it, except in CI, which must have it. */
final class DockerCheck {

  private DockerCheck() {}

  static void assumeOrRequire() {
    boolean docker = DockerClientFactory.instance().isDockerAvailable();
    if (!docker && System.getenv("CI") == null) {
      Assumptions.abort("no Docker engine here (start dockerd, see .ci/run); skipping docker part");
    }
    assertThat(docker).as("CI must provide a Docker engine").isTrue();
  }

  /** The docker CLI: {@code SLIM_DOCKER}, else /usr/bin/docker. */
  static String docker() {
    String docker = System.getenv("SLIM_DOCKER");
    return docker == null ? "/usr/bin/docker" : docker;
  }
}
