package dev.slim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  @TempDir Path dir;

  @BeforeEach
  void binaries() throws Exception {
    Files.writeString(dir.resolve("app"), "x");
    Files.createDirectories(dir.resolve("dist"));
    Files.writeString(dir.resolve("dist/app-arm64"), "x");
  }

  private SlimConfig parse(String yaml) throws SlimException {
    return parse(yaml, Map.of());
  }

  private SlimConfig parse(String yaml, Map<String, String> env) throws SlimException {
    return ConfigFile.parse(yaml, "slim.yaml", dir, env);
  }

  private static final String HEAD = "apiVersion: slim/v1\nkind: Image\n";

  @Test
  void readsEveryProperty() throws Exception {
    SlimConfig c = parse(HEAD + """
        image: 127.0.0.1:5000/team/app:${TAG}
        base: scratch
        binary: ./app
        path: /usr/local/bin/app
        args: [serve, "--port", "8080"]
        env:
          MODE: release
          PRICE: "$$5"
        labels: {team: core}
        annotations:
          org.opencontainers.image.url: https://example.com
        ports: [8080, 53/udp]
        user: "1000:1000"
        workdir: /srv
        format: docker
        source: https://example.com/app.git
        revision: abc123
        gates:
          maxSize: 20MiB
        ignoreWarnings: [no-ca-bundle]
        reports:
          json: build/r.json
          markdown: build/r.md
          digestFile: build/d.txt
        sbom:
          output: build/sbom.json
        """, Map.of("TAG", "1.4.2"));
    assertThat(c.image()).isEqualTo("127.0.0.1:5000/team/app:1.4.2");
    assertThat(c.resolve(c.binaries().get(0).path())).isEqualTo(dir.resolve("app"));
    assertThat(c.args()).containsExactly("serve", "--port", "8080");
    assertThat(c.env()).containsExactly(Map.entry("MODE", "release"), Map.entry("PRICE", "$5"));
    assertThat(c.ports()).containsExactly("8080", "53/udp");
    assertThat(c.maxSize()).isEqualTo(20L * 1024 * 1024);
    assertThat(c.ignoreWarnings()).containsExactly("no-ca-bundle");
    assertThat(c.format()).isEqualTo("docker");
    assertThat(c.sbom()).isTrue();
    assertThat(c.sbomOutput()).isEqualTo("build/sbom.json");
    assertThat(c.reportJson()).isEqualTo("build/r.json");
    assertThat(c.digestFile()).isEqualTo("build/d.txt");
  }

  @Test
  void readsOneBinaryPerPlatform() throws Exception {
    SlimConfig c = parse(HEAD + "binaries:\n  linux/amd64: app\n  linux/arm64: dist/app-arm64\n");
    assertThat(c.binaries()).containsExactly(new SlimConfig.Binary("linux/amd64", "app"),
        new SlimConfig.Binary("linux/arm64", "dist/app-arm64"));
  }

  @Test
  void unknownKeyNamesFileLinePropertyAndAllowedKeys() {
    assertThatThrownBy(() -> parse(HEAD + "binary: app\nentrypoint: /app\n"))
        .isInstanceOf(SlimException.class)
        .hasMessage("slim.yaml:4: property 'entrypoint': unknown property; allowed: apiVersion,"
            + " kind, image, tags, base, binary, binaries, path, args, env, labels, annotations, ports,"
            + " user, workdir, format, compressionLevel, source, revision, gates, ignoreWarnings,"
            + " reports, sbom");
  }

  @Test
  void readsTheCompressionLevel() throws Exception {
    assertThat(parse(HEAD + "binary: app\ncompressionLevel: 5\n").compressionLevel())
        .isEqualTo(5);
    assertThat(parse(HEAD + "binary: app\ncompressionLevel: ${LEVEL}\n", Map.of("LEVEL", "1"))
        .compressionLevel()).isEqualTo(1);
    assertThat(parse(HEAD + "binary: app\n").compressionLevel()).as("not set").isNull();
  }

  @Test
  void badCompressionLevelNamesFileLineAndRange() {
    for (String bad : List.of("0", "10", "fast", "5.0", "-1", "06", "\"\"")) {
      String shown = bad.startsWith("\"") ? "" : bad;
      assertThatThrownBy(() -> parse(HEAD + "binary: app\ncompressionLevel: " + bad + "\n"))
          .as(bad).hasMessage("slim.yaml:4: property 'compressionLevel': must be a whole number"
              + " from 1 to 9 (1 fastest, 9 smallest; default 6), not '" + shown + "'");
    }
    assertThatThrownBy(() -> parse(HEAD + "binary: app\ncompressionLevel:\n"))
        .as("empty").hasMessage("slim.yaml:4: property 'compressionLevel': must be a whole number"
            + " from 1 to 9 (1 fastest, 9 smallest; default 6), not ''");
    assertThatThrownBy(() -> parse(HEAD + "binary: app\ncompressionLevel: [5]\n"))
        .hasMessageStartingWith("slim.yaml:4: property 'compressionLevel': wrong type");
  }

  @Test
  void wrongTypeIsNamed() {
    assertThatThrownBy(() -> parse(HEAD + "binary: app\nargs: serve\n"))
        .hasMessage("slim.yaml:4: property 'args': wrong type: a single value; allowed: a list"
            + " ('- item' lines or [a, b])");
  }

  @Test
  void missingBinaryFileIsNamed() {
    assertThatThrownBy(() -> parse(HEAD + "binary: ./nope\n"))
        .hasMessage("slim.yaml:3: property 'binary': file not found: " + dir.resolve("nope")
            + " (paths are relative to the folder of slim.yaml; build the binary first)");
  }

  @Test
  void missingBinaryPropertyIsNamed() {
    assertThatThrownBy(() -> parse(HEAD))
        .hasMessageStartingWith("slim.yaml:1: property 'binary': missing; allowed:");
  }

  @Test
  void badPortIsNamedWithWhatIsAllowed() {
    assertThatThrownBy(() -> parse(HEAD + "binary: app\nports:\n  - 8080\n  - 70000\n"))
        .hasMessage("slim.yaml:6: property 'ports[1]': '70000' is not a port; allowed: a number"
            + " 1-65535, optionally followed by /tcp or /udp (8080, 53/udp)");
  }

  @Test
  void unsetEnvironmentVariableIsAnErrorNotEmpty() {
    assertThatThrownBy(() -> parse(HEAD + "binary: app\nimage: reg/app:${VERSION}\n"))
        .hasMessage("slim.yaml:4: property 'image': environment variable VERSION is not set (an"
            + " unset variable is an error, not an empty string; write $$ for a literal $)");
  }

  @Test
  void wrongApiVersionAndKindAreRejected() {
    assertThatThrownBy(() -> parse("apiVersion: slim/v2\nkind: Image\nbinary: app\n"))
        .hasMessage("slim.yaml:1: property 'apiVersion': 'slim/v2' is not supported; allowed:"
            + " slim/v1");
    assertThatThrownBy(() -> parse("apiVersion: slim/v1\nkind: Pod\nbinary: app\n"))
        .hasMessage("slim.yaml:2: property 'kind': 'Pod' is not supported; allowed: Image");
  }

  @Test
  void badSizeFormatAndSyntaxAreNamed() {
    assertThatThrownBy(() -> parse(HEAD + "binary: app\ngates:\n  maxSize: big\n"))
        .hasMessageStartingWith("slim.yaml:5: property 'gates.maxSize': 'big' is not a size");
    assertThatThrownBy(() -> parse(HEAD + "binary: app\nformat: tar\n"))
        .hasMessage("slim.yaml:4: property 'format': 'tar' is not a format; allowed: oci, docker");
    assertThatThrownBy(() -> parse(HEAD + "binary: app\nenv: [a\n"))
        .hasMessageStartingWith("slim.yaml:5: not valid YAML");
  }

  @Test
  void readsAFileAndResolvesPathsAgainstItsFolder() throws Exception {
    Path file = dir.resolve(ConfigFile.NAME);
    Files.writeString(file, HEAD + "binary: app\n");
    SlimConfig c = ConfigFile.read(file, Map.of());
    assertThat(c.resolve("app")).isEqualTo(dir.toAbsolutePath().resolve("app"));
    assertThatThrownBy(() -> ConfigFile.read(dir.resolve("none.yaml"), Map.of()))
        .hasMessage("config file not found: " + dir.resolve("none.yaml"));
  }

  @Test
  void renderedConfigReadsBackTheSame() throws Exception {
    SlimConfig c = SlimConfig.of("./app").withImageRef("reg/app:1")
        .withImage("/app", List.of("--flag", "yes", "a b"), Map.of("K", "v: x"),
            Map.of("l", "true"), List.of("80", "53/udp"), "65532:65532", "/srv");
    String yaml = ConfigFile.render(c, List.of("hello"));
    assertThat(yaml).startsWith("# hello\napiVersion: slim/v1\nkind: Image\n");
    SlimConfig back = parse(yaml);
    assertThat(back.args()).isEqualTo(c.args());
    assertThat(back.env()).isEqualTo(c.env());
    assertThat(back.labels()).isEqualTo(c.labels());
    assertThat(back.ports()).isEqualTo(c.ports());
    assertThat(back.user()).isEqualTo(c.user());
    SlimConfig ignoring = new SlimConfig(c.dir(), c.image(), c.base(), c.binaries(), c.path(),
        c.args(), c.env(), c.labels(), c.annotations(), c.ports(), c.user(), c.workdir(),
        c.format(), c.source(), c.revision(), 20L << 20, null, null, null, false, null,
        List.of("no-zoneinfo", "no-ca-bundle"));
    String written = ConfigFile.render(ignoring, List.of());
    assertThat(written).contains("gates:\n  maxSize: 20MiB\n"
        + "ignoreWarnings:\n  - no-zoneinfo\n  - no-ca-bundle\n");
    assertThat(parse(written).ignoreWarnings()).isEqualTo(ignoring.ignoreWarnings());
    assertThat(parse(written).maxSize()).isEqualTo(20L << 20);
  }

  @Test
  void aBinaryForAnotherPlatformThanDeclaredIsNamed() throws Exception {
    Path fixtures = Path.of(System.getProperty("slim.fixtures", "../fixtures"));
    Files.copy(fixtures.resolve("go-hello-linux-arm64"), dir.resolve("hello-arm64"));
    Files.copy(fixtures.resolve("go-hello-linux-amd64"), dir.resolve("hello-amd64"));
    SlimConfig ok = parse(HEAD + "binaries:\n  linux/amd64: hello-amd64\n"
        + "  linux/arm64: hello-arm64\n");
    assertThat(ok.binaries()).hasSize(2);
    assertThatThrownBy(() -> parse(HEAD + "binaries:\n  linux/amd64: hello-amd64\n"
        + "  linux/s390x: hello-arm64\n"))
        .hasMessage("slim.yaml:5: property 'binaries.linux/s390x': " + dir.resolve("hello-arm64")
            + " is built for linux/arm64, not linux/s390x; allowed: the platform in the binary's"
            + " ELF header");
  }

  @Test
  void aDeclaredPlatformMatchesAsPlatformDoesWithOrWithoutTheVariant() throws Exception {
    Path fixtures = Path.of(System.getProperty("slim.fixtures", "../fixtures"));
    Files.copy(fixtures.resolve("go-hello-linux-arm-v7"), dir.resolve("hello-arm"));
    assertThat(parse(HEAD + "binaries:\n  linux/arm/v7: hello-arm\n").binaries()).hasSize(1);
    assertThat(parse(HEAD + "binaries:\n  linux/arm: hello-arm\n").binaries())
        .as("a variant left out matches any, as --platform linux/arm does")
        .containsExactly(new SlimConfig.Binary("linux/arm", "hello-arm"));
    assertThatThrownBy(() -> parse(HEAD + "binaries:\n  linux/arm/v6: hello-arm\n"))
        .hasMessage("slim.yaml:4: property 'binaries.linux/arm/v6': " + dir.resolve("hello-arm")
            + " is built for linux/arm/v7, not linux/arm/v6; allowed: the platform in the"
            + " binary's ELF header");
  }
}
