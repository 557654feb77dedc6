package dev.slim.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile slim.yaml files: bounded, and every bad value named with the file and its line. */
class ConfigFileHostileTest {

  private static final String HEAD = "apiVersion: slim/v1\nkind: Image\nbinary: app\n";

  @TempDir Path dir;

  @BeforeEach
  void binary() throws Exception {
    Files.writeString(dir.resolve("app"), "x");
  }

  private void parse(String yaml) throws SlimException {
    ConfigFile.parse(yaml, "slim.yaml", dir, Map.of());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void nestingTenThousandLevelsDeepIsAUsageErrorWithItsLine() {
    String deep = HEAD + "args: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    assertThatThrownBy(() -> parse(deep)).isInstanceOf(SlimException.class)
        .hasMessage("slim.yaml:4: nested more than 64 levels deep; slim.yaml needs at most 3");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void deepMapsInAnyPropertyAreBoundedToo() {
    String deep = HEAD + "env:\n  a: " + "{b: ".repeat(5_000) + "x" + "}".repeat(5_000) + "\n";
    assertThatThrownBy(() -> parse(deep))
        .hasMessage("slim.yaml:5: nested more than 64 levels deep; slim.yaml needs at most 3");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aFileOverOneMebibyteIsRefusedBeforeItIsParsed() throws Exception {
    Path file = dir.resolve("slim.yaml");
    Files.writeString(file, HEAD + "source: \"" + "s".repeat(1 << 20) + "\"\n");
    assertThatThrownBy(() -> ConfigFile.read(file, Map.of()))
        .hasMessage(file + ": " + Files.size(file) + " bytes; a slim.yaml may have at most"
            + " 1048576 (1 MiB)");
  }

  @Test
  void aTruncatedEscapeThatTheParserTripsOverIsInvalidYamlNotAnInternalError() {
    // snakeyaml-engine throws NumberFormatException, not its own exception, for this
    assertThatThrownBy(() -> parse(HEAD + "env: {A: \"\\u"))
        .isInstanceOf(SlimException.class)
        .hasMessage("slim.yaml: not valid YAML: the parser stopped at text it cannot read (an"
            + " escape such as \\u cut short?)");
  }

  @Test
  void anEmptyBinaryIsNamedNotAnInternalError() {
    assertThatThrownBy(() -> parse("apiVersion: slim/v1\nkind: Image\nbinary: ''\n"))
        .isInstanceOf(SlimException.class)
        .hasMessage("slim.yaml:3: property 'binary': empty; allowed: the path of the binary,"
            + " relative to the folder of slim.yaml (./app)");
    assertThatThrownBy(() -> parse("apiVersion: slim/v1\nkind: Image\nbinaries: [app, ' ']\n"))
        .hasMessage("slim.yaml:3: property 'binaries[1]': empty; allowed: the path of the binary,"
            + " relative to the folder of slim.yaml (./app)");
  }

  @Test
  void aNulInAPathIsNamedNotAnInternalError() {
    assertThatThrownBy(() -> parse("apiVersion: slim/v1\nkind: Image\nbinary: \"./a\\0pp\"\n"))
        .hasMessage("slim.yaml:3: property 'binary': './a\\x00pp' is not a file name");
    assertThatThrownBy(() -> parse(HEAD + "reports: {json: \"r\\0.json\"}\n"))
        .hasMessage("slim.yaml:4: property 'reports.json': 'r\\x00.json' is not a file name");
  }

  @Test
  void aReportPathThatCannotBeAFileIsNamedWithItsLine() throws Exception {
    Files.createDirectories(dir.resolve("out"));
    assertThatThrownBy(() -> parse(HEAD + "reports: {json: .}\n"))
        .hasMessage("slim.yaml:4: property 'reports.json': '.' is a folder; allowed: a file path");
    assertThatThrownBy(() -> parse(HEAD + "reports:\n  markdown: out\n"))
        .hasMessage("slim.yaml:5: property 'reports.markdown': 'out' is a folder; allowed: a file"
            + " path");
    assertThatThrownBy(() -> parse(HEAD + "sbom: {output: app/sbom.json}\n"))
        .hasMessage("slim.yaml:4: property 'sbom.output': 'app/sbom.json': " + dir.resolve("app")
            + " is a file, not a folder");
    assertThatThrownBy(() -> parse(HEAD + "reports: {digestFile: " + "n".repeat(256) + "}\n"))
        .hasMessageStartingWith("slim.yaml:4: property 'reports.digestFile': a name in 'nnn")
        .hasMessageEndingWith("' is longer than 255 bytes");
    assertThatThrownBy(() -> parse(HEAD + "reports: {json: ''}\n"))
        .hasMessage("slim.yaml:4: property 'reports.json': empty; allowed: a file path");
  }

  @Test
  void imageSettingsAreCheckedWithTheFileAndLineNotAsFlags() {
    assertThatThrownBy(() -> parse(HEAD + "workdir: srv\n"))
        .hasMessage("slim.yaml:4: property 'workdir': must be an absolute path, not 'srv'");
    assertThatThrownBy(() -> parse(HEAD + "path: /a/../b\n"))
        .hasMessage("slim.yaml:4: property 'path': must not contain '.' or '..': /a/../b");
    assertThatThrownBy(() -> parse(HEAD + "user: ' '\n"))
        .hasMessage("slim.yaml:4: property 'user': needs UID[:GID] or a name, not ' '");
    assertThatThrownBy(() -> parse(HEAD + "env:\n  A: x\n  1A: y\n"))
        .hasMessage("slim.yaml:6: property 'env': needs KEY=VALUE with a KEY of letters, digits"
            + " and '_', not '1A'");
    assertThatThrownBy(() -> parse(HEAD + "image: Team/App:1\n"))
        .hasMessage("slim.yaml:4: property 'image': invalid image reference \"Team/App:1\":"
            + " repository name must be lowercase");
    assertThatThrownBy(() -> parse(HEAD + "image: reg/app@sha256:" + "a".repeat(64) + "\n"))
        .hasMessage("slim.yaml:4: property 'image': needs a tag, not a digest: the digest is what"
            + " slim computes");
    assertThatThrownBy(() -> parse(HEAD + "base: 'a b'\n"))
        .hasMessageStartingWith("slim.yaml:4: property 'base': ");
  }

  @Test
  void aPathLongerThanATarHeaderHoldsIsNamed() {
    String path = "/" + "a".repeat(300);
    assertThatThrownBy(() -> parse(HEAD + "path: " + path + "\n"))
        .hasMessage("slim.yaml:4: property 'path': is too long for a tar header (301 bytes): the"
            + " file name and each folder name at most 100 bytes, and the folders before the last"
            + " 100 bytes at most 155");
  }
}
