package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/slim}, the launcher the README's main job uses: it runs the jar, makes its start-up
 * cache, and keeps stdout for the result alone.
 */
class LauncherIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private record Run(int exit, String out, String err) {}

  private static Run run(Path workDir, List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("SLIM_JAVA", JAVA);
    builder.environment().remove("GITHUB_STEP_SUMMARY");
    Process process = builder.start();
    process.getOutputStream().close();
    Finished done = Finished.of(process, Duration.ofSeconds(180), String.join(" ", command));
    return new Run(done.exit(), done.out(), done.err());
  }

  @Test
  void runsTheMainJobThroughASymlinkAndPrintsOnlyTheArchivePath(@TempDir Path tmp)
      throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("slim"), ROOT.resolve("bin/slim"));
    String fixture = ROOT.resolve("fixtures/go-hello-linux-amd64").toString();

    Run r = run(tmp, List.of(link.toString(), "build", fixture, "-o", "out/app.tar"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("out/app.tar\n");
    assertThat(r.err()).contains("wrote   out/app.tar").contains("binary /app");
    assertThat(tmp.resolve("out/app.tar")).isNotEmptyFile();
  }

  @Test
  void itsStartUpCacheHoldsPicocli(@TempDir Path tmp) throws Exception {
    assertThat(run(tmp, List.of(ROOT.resolve("bin/slim").toString(), "--version")).exit())
        .isZero();
    String feature = Runtime.version().feature() + "";
    Path cache = ROOT.resolve("cli/target/slim-jdk" + feature + (Runtime.version().feature() >= 24
        ? ".aot" : ".jsa"));
    assertThat(cache).exists();
    if (Runtime.version().feature() >= 24) {
      return;
    }
    // -Xshare:on fails unless the archive maps; picocli (Java 5 class files) must come from it
    Run r = run(tmp, List.of(JAVA, "-Xshare:on", "-XX:SharedArchiveFile=" + cache,
        "-Xlog:class+load", "-cp", ROOT.resolve("cli/target/slim.jar").toString(),
        "dev.slim.cli.Main", "--version"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("picocli.CommandLine source: shared objects file")
        .contains("dev.slim.cli.BuildCommand source: shared objects file")
        .doesNotContainPattern("picocli\\.\\S+ source: file:");
  }

  @Test
  void jvmWarningsStayOffStdout(@TempDir Path tmp) throws Exception {
    // Without large pages set up, -XX:+UseLargePages makes the JVM log a warning, which goes to
    // stdout by default: the one stream CI reads as slim's result.
    Run r = run(tmp, List.of("env", "JDK_JAVA_OPTIONS=-XX:+UseLargePages",
        ROOT.resolve("bin/slim").toString(), "--version"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("slim ").doesNotContain("warning");
  }
}
