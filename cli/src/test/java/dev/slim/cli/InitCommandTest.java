package dev.slim.cli;

import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

  @TempDir Path dir;

  @Test
  void writesStarterAndGithubWorkflow() throws Exception {
    CliTest.Result r = run("init", "--dir", dir.toString(), "--ci", "github", "--image",
        "ghcr.io/team/app:1", "--build-command", "CGO_ENABLED=0 go build -o ./app .");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(dir.resolve("slim.yaml") + "\n"
        + dir.resolve(".github/workflows/slim.yml") + "\n");
    assertThat(Files.readString(dir.resolve("slim.yaml"))).contains("image: ghcr.io/team/app:1\n")
        .contains("binary: ./app\n");
    assertThat(r.err()).isEqualTo("slim: the CI job sets up this toolchain: Go\n");
    String workflow = Files.readString(dir.resolve(".github/workflows/slim.yml"));
    assertThat(workflow).contains("          CGO_ENABLED=0 go build -o ./app .\n")
        .contains("uses: actions/setup-go@v5.5.0\n")
        // -i went into slim.yaml; the workflow must not override it
        .doesNotContain("--image \"").doesNotContain("GITHUB_REPOSITORY,,");
  }

  @Test
  void writesAnIncludableGitlabJobAndSaysHowToIncludeIt() throws Exception {
    Files.writeString(dir.resolve("Cargo.toml"), "[package]\n");
    CliTest.Result r = run("init", "--dir", dir.toString(), "--ci", "gitlab");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(dir.resolve("slim.yaml") + "\n"
        + dir.resolve(".gitlab/slim.gitlab-ci.yml") + "\n");
    assertThat(r.err()).isEqualTo("slim: the CI job sets up this toolchain: Rust\n"
        + "slim: add the job to your pipeline, in .gitlab-ci.yml:\n"
        + "include:\n"
        + "  - local: .gitlab/slim.gitlab-ci.yml\n");
    assertThat(Files.readString(dir.resolve(".gitlab/slim.gitlab-ci.yml")))
        .contains("  image: rust:1.87.0-bookworm\n");
    assertThat(dir.resolve(".gitlab-ci.yml")).doesNotExist();
  }

  @Test
  void existingCiFileNeedsForce() throws Exception {
    assertThat(run("init", "--dir", dir.toString(), "--ci", "gitlab").exit()).isZero();
    Path job = dir.resolve(".gitlab/slim.gitlab-ci.yml");
    Files.writeString(job, "mine\n");
    Files.delete(dir.resolve("slim.yaml"));
    CliTest.Result r = run("init", "--dir", dir.toString(), "--ci", "gitlab");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: " + job + " exists; use --force to overwrite it\n");
    assertThat(Files.readString(job)).isEqualTo("mine\n");
    assertThat(dir.resolve("slim.yaml")).doesNotExist();
    assertThat(run("init", "--dir", dir.toString(), "--ci", "gitlab", "--force").exit())
        .isZero();
    assertThat(Files.readString(job)).startsWith("# slim: build the binary");
  }

  @Test
  void unknownCiIsAUsageError() {
    CliTest.Result r = run("init", "--dir", dir.toString(), "--ci", "jenkins");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --ci must be github or gitlab, not 'jenkins'\n");
    assertThat(dir.resolve("slim.yaml")).doesNotExist();
  }
}
