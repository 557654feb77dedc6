package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import dev.slim.testing.RegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output rules that need a real process: its stdout, its umask, a shell's process
 * substitution, and a folder it may not write in.
 */
@Timeout(120)
class OutputFilesIT {

  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String JSON_START = "{\n  \"schema\" : \"slim/build-report/v1\"";

  @TempDir Path tmp;
  private Path javaTmp;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void privateTempFolder() throws IOException {
    javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
  }

  /** {@code java -jar slim.jar build c-musl-static -o app.tar ARGS}, after {@code prefix}. */
  private List<String> slim(String... args) {
    List<String> command = new ArrayList<>(List.of(JAVA, "-Djava.io.tmpdir=" + javaTmp, "-jar",
        SlimProcess.jar().toString(), "build", SlimProcess.fixture("c-musl-static").toString(),
        "-o", "app.tar"));
    command.addAll(List.of(args));
    return command;
  }

  private Run run(List<String> command) throws Exception {
    Path out = tmp.resolve("stdout.txt");
    Path err = tmp.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("GITHUB_STEP_SUMMARY");
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(100, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish in 100 s");
    }
    // ISO-8859-1 reads any bytes: stdout may be a tar
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
        Files.readString(err));
  }

  private static String shell(List<String> command) {
    StringBuilder line = new StringBuilder();
    for (String word : command) {
      line.append(" '").append(word.replace("'", "'\\''")).append('\'');
    }
    return line.toString();
  }

  @Test
  void reportToStdoutIsStdoutAloneAndTheArchiveLineGoesToStderr() throws Exception {
    // first a private link to this process's stdout, as /dev/stdout is: were it replaced, only
    // this test's link would be lost
    Path link = Files.createSymbolicLink(tmp.resolve("my-stdout"), Path.of("/proc/self/fd/1"));
    Run viaLink = run(slim("--report-json", link.toString()));
    assertThat(viaLink.exit()).as(viaLink.err()).isZero();
    assertThat(viaLink.out()).startsWith(JSON_START).endsWith("}\n");
    assertThat(viaLink.err()).endsWith("app.tar\n");
    assertThat(Files.isSymbolicLink(link)).isTrue();

    Run r = run(slim("--report-json", "/dev/stdout"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith(JSON_START).endsWith("}\n").doesNotContain("app.tar\n");
    assertThat(r.err()).endsWith("app.tar\n");
    assertThat(Files.isSymbolicLink(Path.of("/dev/stdout"))).isTrue();
  }

  @Test
  void dashIsStdout() throws Exception {
    Run r = run(slim("--report-markdown", "-"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("### slim build: `c-musl-static:latest`")
        .doesNotEndWith("app.tar\n");
    assertThat(r.err()).endsWith("app.tar\n");
    assertThat(tmp.resolve("-")).doesNotExist();
  }

  @Test
  void archiveToDashIsATarOnStdout() throws Exception {
    List<String> command = slim("--report-json", "r.json");
    command.set(command.indexOf("app.tar"), "-");

    Run r = run(command);

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("blobs/");
    assertThat(r.out().length() % 512).as("whole tar blocks").isZero();
    assertThat(r.err()).endsWith("\n-\n");
    assertThat(tmp.resolve("-")).doesNotExist();
    assertThat(Files.readString(tmp.resolve("r.json"))).contains("\"archive\" : \"-\"");
  }

  @Test
  void aCleanupReportOnStdoutMovesTheTableToStderr() throws Exception {
    RegistryServer.assumeAvailable();
    RegistryServer registry = RegistryServer.start();
    try {
      Run pushed = run(List.of(JAVA, "-Djava.io.tmpdir=" + javaTmp, "-jar",
          SlimProcess.jar().toString(), "build", SlimProcess.fixture("c-musl-static").toString(),
          "--image", registry.host() + "/team/app:v1", "--push"));
      assertThat(pushed.exit()).as(pushed.err()).isZero();

      Run r = run(List.of(JAVA, "-jar", SlimProcess.jar().toString(), "report",
          registry.host() + "/team/app", "--json", "-"));

      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("{").endsWith("}\n").contains("slim/cleanup-report/v1");
      assertThat(r.err()).contains("team/app").contains("v1");
    } finally {
      registry.stop();
    }
  }

  @Test
  void processSubstitutionReceivesTheReport() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");

    Run r = run(List.of("/bin/bash", "-c",
        shell(slim()) + " --report-json >(cat > got.json); wait"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(tmp.resolve("got.json"))).startsWith(JSON_START);
  }

  @Test
  void newFilesFollowTheUmask() throws Exception {
    Run r = run(List.of("/bin/sh", "-c", "umask 077; exec" + shell(slim("--report-json",
        "out/report.json", "--digest-file", "digest.txt"))));

    assertThat(r.exit()).as(r.err()).isZero();
    for (String file : List.of("app.tar", "out/report.json", "digest.txt")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(file))))
          .as(file).isEqualTo("rw-------");
    }
  }

  @Test
  void aFolderSlimMayNotWriteInIsAUsageErrorBeforeTheBuild() throws Exception {
    Path readOnly = Files.createDirectory(tmp.resolve("ro"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    List<String> command = slim("--report-json", "ro/report.json");
    if ("root".equals(System.getProperty("user.name"))) {
      // root writes anywhere: drop the capability that lets it, for this process only
      Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")),
          "as root this needs setpriv (util-linux) to drop CAP_DAC_OVERRIDE");
      command.addAll(0, List.of("/usr/bin/setpriv",
          "--bounding-set=-dac_override,-dac_read_search", "--"));
    }

    Run r = run(command);

    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("slim: --report-json ro/report.json: cannot write in ro"
        + " (permission denied)\nRun 'slim build --help' for more information.\n");
    assertThat(tmp.resolve("app.tar")).as("nothing built").doesNotExist();
    assertThat(Files.exists(readOnly.resolve("report.json"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }
}
