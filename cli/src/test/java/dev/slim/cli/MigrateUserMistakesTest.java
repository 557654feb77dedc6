package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Dockerfiles slim migrate cannot carry are exit 2 with the line; what it writes, slim builds. */
class MigrateUserMistakesTest {

  @TempDir Path dir;

  private Path dockerfile(String text) throws Exception {
    return Files.writeString(dir.resolve("Dockerfile"), text);
  }

  @Test
  void aPortOutOfRangeIsExitTwoWithItsLine() throws Exception {
    Path file = dockerfile("FROM scratch\nCOPY app /app\nEXPOSE 99999\n");
    CliTest.Result r = run("migrate", file.toString(), "-o", dir.resolve("slim.yaml").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: Dockerfile:3: EXPOSE 99999: 99999 is not a port;"
        + " allowed: 1-65535, optionally followed by /tcp or /udp\n");
    assertThat(dir.resolve("slim.yaml")).doesNotExist();
  }

  @Test
  void aNulInAnExecFormArgumentIsExitTwoAndWritesNothing() throws Exception {
    Path file = dockerfile("FROM scratch\nCOPY app /app\nCMD [\"/app\", \"a\\u0000\"]\n");
    CliTest.Result r = run("migrate", file.toString(), "-o", dir.resolve("slim.yaml").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: Dockerfile:3: CMD [\"/app\", \"a\\u0000\"]: argument 2"
        + " holds a NUL character, which no program can receive; remove it\n");
    assertThat(dir.resolve("slim.yaml")).doesNotExist();
  }

  @Test
  void aSlimYamlMigratedFromLineBreaksAndDollarsIsOneSlimBuildAccepts() throws Exception {
    Files.copy(Path.of(fixture("c-musl-static")), dir.resolve("app"));
    Path file = dockerfile("FROM scratch\nCOPY app /app\nENV P=${PATH}:/x\n"
        + "CMD [\"/app\", \"a\\nb: c\", \"${CI_JOB_TOKEN}\", \"\\u001b[31m\"]\n");
    CliTest.Result migrated = run("migrate", file.toString(), "-o",
        dir.resolve("slim.yaml").toString());
    assertThat(migrated.exit()).as(migrated.err()).isZero();
    assertThat(migrated.err()).doesNotContain("\u001b").doesNotContain("a\nb");
    CliTest.Result built = run("build", dir.toString(), "-o", dir.resolve("x.tar").toString());
    assertThat(built.exit()).as(built.err()).isZero();
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void anEnvThatDoublesAtEveryLineIsExitTwoNotOutOfMemory() throws Exception {
    Path file = dockerfile("FROM scratch\nENV A=xxxxxxxx\n" + "ENV A=$A$A\n".repeat(50)
        + "COPY app /app\n");
    CliTest.Result r = run("migrate", file.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: Dockerfile:16: ENV A=$A$A: expands to more than 65536"
        + " characters; slim migrate stops here (does a variable double at every line?)\n");
  }
}
