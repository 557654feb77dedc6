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

/** User mistakes in {@code slim build} are exit 2 naming the option or the file and line. */
class BuildUserMistakesTest {

  @TempDir Path dir;

  private Path project(String yaml) throws Exception {
    Files.copy(Path.of(fixture("c-musl-static")), dir.resolve("app"));
    Files.writeString(dir.resolve("slim.yaml"), "apiVersion: slim/v1\nkind: Image\n" + yaml);
    return dir.resolve("slim.yaml");
  }

  @Test
  void aPathLongerThanATarHeaderHoldsIsExitTwoNamingPath() {
    String path = "/" + "a".repeat(300);
    CliTest.Result r = run("build", fixture("c-musl-static"), "--path", path, "-o",
        dir.resolve("x.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --path is too long for a tar header (301 bytes): the"
        + " file name and each folder name at most 100 bytes, and the folders before the last"
        + " 100 bytes at most 155\n");
    assertThat(dir.resolve("x.tar")).doesNotExist();
  }

  @Test
  void aNonAsciiPathIsMeasuredInBytesAsTheTarHeaderHoldsIt() {
    // 100 characters but 200 bytes before the last '/': no split fits a ustar header
    String path = "/" + "\u00fc".repeat(100) + "/x";
    CliTest.Result r = run("build", fixture("c-musl-static"), "--path", path, "-o",
        dir.resolve("x.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --path is too long for a tar header (203 bytes)");
  }

  @Test
  void anEnvWithoutEqualsIsExitTwoSayingWhatIsWrong() {
    CliTest.Result r = run("build", fixture("c-musl-static"), "--env", "FOO", "-o",
        dir.resolve("x.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --env FOO has no '=': give FOO=VALUE (FOO= for an"
        + " empty value); slim never copies a variable from your environment into the image\n");
    assertThat(dir.resolve("x.tar")).doesNotExist();
  }

  @Test
  void anEmptyEnvValueWithEqualsIsStillAllowed() {
    CliTest.Result r = run("build", fixture("c-musl-static"), "--env", "FOO=", "-o",
        dir.resolve("x.tar").toString());
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void aBadValueInSlimYamlIsNamedWithTheFileAndLineNotAsAFlag() throws Exception {
    Path yaml = project("binary: ./app\nworkdir: srv\n");
    CliTest.Result r = run("build", dir.toString(), "-o", dir.resolve("x.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: " + yaml + ":4: property 'workdir': must be an"
        + " absolute path, not 'srv'\n");
  }

  @Test
  void anEmptyBinaryInSlimYamlIsExitTwoNotAnInternalError() throws Exception {
    Path yaml = project("binary: ''\n");
    CliTest.Result r = run("build", dir.toString(), "-o", dir.resolve("x.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: " + yaml + ":3: property 'binary': empty; allowed: the"
        + " path of the binary, relative to the folder of " + yaml + " (./app)\n");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aSlimYamlNestedTenThousandLevelsIsExitTwoWithoutAStackTrace() throws Exception {
    Path yaml = project("binary: ./app\nargs: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
    CliTest.Result r = run("build", dir.toString(), "-o", dir.resolve("x.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: " + yaml + ":4: nested more than 64 levels deep;"
        + " slim.yaml needs at most 3\n").doesNotContain("\tat ");
  }

  @Test
  void aTagThatIsNoTagIsExitTwoNamingTheOptionAndValue() {
    CliTest.Result r = run("build", fixture("c-musl-static"), "--tag", "v1 beta", "-o",
        dir.resolve("x.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --tag: 'v1 beta' is not a tag; allowed: letters,"
        + " digits, '_', '.' and '-', not starting with '.' or '-', at most 128 characters\n");
    assertThat(dir.resolve("x.tar")).doesNotExist();
  }

  @Test
  void aTagInSlimYamlThatIsNoTagIsNamedWithTheFileAndLine() throws Exception {
    Path yaml = project("binary: ./app\ntags: [ok, .hidden]\n");
    CliTest.Result r = run("build", dir.toString(), "-o", dir.resolve("x.tar").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: " + yaml + ":4: property 'tags[1]': '.hidden' is not"
        + " a tag; allowed: letters, digits, '_', '.' and '-', not starting with '.' or '-', at"
        + " most 128 characters\n");
  }
}
