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
    assertThat(Files.readString(dir.resolve(".github/workflows/slim.yml")))
        .contains("CGO_ENABLED=0 go build -o ./app .");
  }

  @Test
  void writesGitlabJob() {
    CliTest.Result r = run("init", "--dir", dir.toString(), "--ci", "gitlab");
    assertThat(r.exit()).isZero();
    assertThat(dir.resolve(".gitlab-ci.yml")).exists();
  }

  @Test
  void unknownCiIsAUsageError() {
    CliTest.Result r = run("init", "--dir", dir.toString(), "--ci", "jenkins");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --ci must be github or gitlab, not 'jenkins'\n");
    assertThat(dir.resolve("slim.yaml")).doesNotExist();
  }
}
