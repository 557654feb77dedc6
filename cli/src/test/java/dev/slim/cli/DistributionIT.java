package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.config.Starter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The distribution that {@code mvn package} writes, slim-VERSION.tar.gz and its .sha256, and the
 * CI templates' own install scripts run against it, as a CI job would (from a file: URL).
 */
class DistributionIT {

  private static final Path DIST = Path.of(System.getProperty("slim.dist", "target"));
  private static final String VERSION = System.getProperty("slim.version");
  private static final String NAME = "slim-" + VERSION + ".tar.gz";
  private static final String JAVA_HOME = System.getProperty("java.home");

  /** Path and mode of each regular file in a .tar.gz, in order. */
  private static Map<String, Integer> entries(Path tarGz) throws Exception {
    byte[] tar;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tarGz))) {
      tar = in.readAllBytes();
    }
    Map<String, Integer> files = new LinkedHashMap<>();
    for (int at = 0; at + 512 <= tar.length && tar[at] != 0; ) {
      String name = field(tar, at, 100);
      String prefix = field(tar, at + 345, 155);
      int mode = Integer.parseInt(field(tar, at + 100, 8).strip(), 8);
      long size = Long.parseLong(field(tar, at + 124, 12).strip(), 8);
      if (tar[at + 156] == '0' || tar[at + 156] == 0) {
        files.put(prefix.isEmpty() ? name : prefix + "/" + name, mode & 07777);
      }
      at += 512 + (int) ((size + 511) / 512 * 512);
    }
    return files;
  }

  private static String field(byte[] tar, int at, int length) {
    int end = at;
    while (end < at + length && tar[end] != 0) {
      end++;
    }
    return new String(tar, at, end - at, StandardCharsets.US_ASCII);
  }

  private static Finished bash(Path dir, Map<String, String> env, String script)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
        .directory(dir.toFile());
    builder.environment().putAll(env);
    builder.environment().put("JAVA_HOME", JAVA_HOME);
    builder.environment().remove("SLIM_JAVA");
    Process process = builder.start();
    process.getOutputStream().close();
    return Finished.of(process, Duration.ofSeconds(120), script);
  }

  @SuppressWarnings("unchecked")
  private static String githubInstallStep() {
    Map<String, Object> wf = (Map<String, Object>) new Load(LoadSettings.builder().build())
        .loadFromString(Starter.ci(Starter.Ci.GITHUB, Starter.Toolchain.GO, "make", "./app",
            null));
    Map<String, Object> job = (Map<String, Object>) ((Map<String, Object>) wf.get("jobs"))
        .get("image");
    return ((List<Map<String, Object>>) job.get("steps")).stream()
        .filter(s -> "Install slim".equals(s.get("name"))).map(s -> (String) s.get("run"))
        .findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static String gitlabInstallScript(Path tmp) {
    Map<String, Object> ci = (Map<String, Object>) new Load(LoadSettings.builder().build())
        .loadFromString(Starter.ci(Starter.Ci.GITLAB, Starter.Toolchain.GO, "make", "./app",
            null));
    List<String> before = (List<String>) ((Map<String, Object>) ci.get(".slim-build"))
        .get("before_script");
    // the job unpacks into /tmp; here into a folder of this test's own
    return before.get(before.size() - 1).replace("/tmp", tmp.toString());
  }

  @Test
  void packageWritesTheLauncherAndTheJarWithAChecksum() throws Exception {
    Path tarGz = DIST.resolve(NAME);
    String root = "slim-" + VERSION + "/";
    assertThat(entries(tarGz)).containsExactly(
        Map.entry(root + "bin/slim", 0755),
        Map.entry(root + "lib/slim.jar", 0644),
        Map.entry(root + "lib/training/go-hello-linux-amd64", 0644));
    String sha256 = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tarGz)));
    assertThat(Files.readString(DIST.resolve(NAME + ".sha256")))
        .isEqualTo(sha256 + "  " + NAME + "\n");
  }

  @Test
  void itsJarIsTheOneWithReEmittedClassFiles(@TempDir Path tmp) throws Exception {
    String jar = "slim-" + VERSION + "/lib/slim.jar";
    Finished unpack = bash(tmp, Map.of(), "tar -xzf '" + DIST.resolve(NAME) + "' " + jar);
    assertThat(unpack.exit()).as(unpack.err()).isZero();
    // packed after the old-class-files execution rewrote the shaded jar (cli/pom.xml)
    assertThat(tmp.resolve(jar)).hasSameBinaryContentAs(DIST.resolve("slim.jar"));
  }

  @Test
  void githubInstallStepFetchesChecksAndRunsTheDistribution(@TempDir Path tmp) throws Exception {
    Path runner = Files.createDirectories(tmp.resolve("runner"));
    Path githubPath = tmp.resolve("github-path");
    Finished install = bash(tmp, Map.of("SLIM_VERSION", VERSION,
        "SLIM_DIST_URL", DIST.toUri().toString(), "RUNNER_TEMP", runner.toString(),
        "GITHUB_PATH", githubPath.toString()), githubInstallStep());
    assertThat(install.exit()).as(install.err()).isZero();
    assertThat(install.out()).isEqualTo(NAME + ": OK\n");
    Path bin = runner.resolve("slim-" + VERSION + "/bin");
    assertThat(Files.readString(githubPath)).isEqualTo(bin + "\n");

    Finished version = bash(tmp, Map.of("PATH", bin + ":" + System.getenv("PATH")),
        "slim --version");
    assertThat(version.exit()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("slim " + VERSION + "\nJava ");
  }

  @Test
  void gitlabInstallScriptRefusesATamperedDistribution(@TempDir Path tmp) throws Exception {
    Path hosted = Files.createDirectories(tmp.resolve("hosted"));
    byte[] bytes = Files.readAllBytes(DIST.resolve(NAME));
    bytes[bytes.length / 2] ^= 1;
    Files.write(hosted.resolve(NAME), bytes);
    Files.copy(DIST.resolve(NAME + ".sha256"), hosted.resolve(NAME + ".sha256"));
    Path work = Files.createDirectories(tmp.resolve("work"));

    Finished install = bash(tmp, Map.of("SLIM_VERSION", VERSION,
        "SLIM_DIST_URL", hosted.toUri().toString(), "CI_PROJECT_DIR", tmp.toString()),
        gitlabInstallScript(work));

    assertThat(install.exit()).isNotZero();
    assertThat(install.out()).isEqualTo(NAME + ": FAILED\n");
    assertThat(work.resolve("slim-" + VERSION)).doesNotExist();
  }

  @Test
  void gitlabInstallScriptNamesTheMissingVariable(@TempDir Path tmp) throws Exception {
    Finished install = bash(tmp, Map.of("SLIM_VERSION", VERSION, "SLIM_DIST_URL", "",
        "CI_PROJECT_DIR", tmp.toString()), gitlabInstallScript(tmp));
    assertThat(install.exit()).isEqualTo(1);
    assertThat(install.err()).isEqualTo("set the CI/CD variable SLIM_DIST_URL to where "
        + NAME + " is\n");
  }

  @Test
  void gitlabInstallScriptUnpacksARunnableSlim(@TempDir Path tmp) throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Finished install = bash(tmp, Map.of("SLIM_VERSION", VERSION,
        "SLIM_DIST_URL", DIST.toUri().toString(), "CI_PROJECT_DIR", tmp.toString()),
        gitlabInstallScript(work));
    assertThat(install.exit()).as(install.err()).isZero();
    Finished version = bash(tmp, Map.of(),
        work.resolve("slim-" + VERSION + "/bin/slim") + " --version");
    assertThat(version.exit()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("slim " + VERSION + "\nJava ");
  }
}
