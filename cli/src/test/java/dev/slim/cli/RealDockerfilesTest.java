package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code slim migrate} on Dockerfiles of public projects ({@code fixtures/dockerfiles/real}),
 * each with its SOURCE (repository, commit, licence) and the exit code, slim.yaml and stderr
 * that were checked by hand against the Dockerfile.
 */
class RealDockerfilesTest {

  static Path real() {
    return Path.of(fixture("dockerfiles/real"));
  }

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(real())) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
          .toList().stream();
    }
  }

  @Test
  void everyCaseNamesItsSourceCommitAndLicence() throws IOException {
    assertThat(cases().count()).isGreaterThanOrEqualTo(40);
    for (String name : cases().toList()) {
      String source = Files.readString(real().resolve(name).resolve("SOURCE"));
      assertThat(source).as(name).containsPattern("(?m)^repository: https://github.com/\\S+$")
          .containsPattern("(?m)^commit: [0-9a-f]{40}$").containsPattern("(?m)^licence: \\S+");
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void migratesAsReviewed(String name) throws IOException {
    Path dir = real().resolve(name);
    Path dockerfile = dir.resolve("Dockerfile");
    CliTest.Result r = run("migrate", dockerfile.toString());
    String err = r.err().replace(dockerfile.toString(), "Dockerfile")
        .replace(dir.toAbsolutePath().toString(), ".");
    int expected = Integer.parseInt(Files.readString(dir.resolve("exit-code")).strip());
    assertThat(r.exit()).isEqualTo(expected);
    assertThat(err).isEqualTo(Files.readString(dir.resolve("stderr.txt")));
    if (expected == 0) {
      assertThat(r.out()).isEqualTo(Files.readString(dir.resolve("slim.yaml")));
    } else {
      // a refusal writes nothing: never a wrong binary with exit 0
      assertThat(r.out()).isEmpty();
      assertThat(dir.resolve("slim.yaml")).doesNotExist();
    }
  }
}
