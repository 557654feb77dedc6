package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a build of an 80 MB binary: SIGTERM and SIGINT remove its work folder and the partial
 * archive, and exit 143 and 130; what a SIGKILL leaves, the next run removes. Each slim gets its
 * own {@code java.io.tmpdir}, so the real {@code /tmp} is never looked at.
 */
@Timeout(180)
class CancelIT {

  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  /** Tries to catch a build in the phase a test wants before giving up. */
  private static final int ATTEMPTS = 5;

  @TempDir static Path shared;
  private static Path big;

  @TempDir Path tmp;
  private Path javaTmp;
  private Path out;

  @BeforeAll
  static void largeBinary() throws IOException {
    // a real static Go binary with 80 MB of incompressible bytes after it, as bench/ makes
    big = shared.resolve("big-app");
    Files.copy(SlimProcess.fixture("go-hello-linux-amd64"), big);
    byte[] chunk = new byte[1 << 20];
    Random random = new Random(11);
    try (OutputStream o = Files.newOutputStream(big, java.nio.file.StandardOpenOption.APPEND)) {
      for (int i = 0; i < 80; i++) {
        random.nextBytes(chunk);
        o.write(chunk);
      }
    }
    big.toFile().setExecutable(true);
  }

  @BeforeEach
  void privateFolders() throws IOException {
    javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    out = Files.createDirectories(tmp.resolve("out"));
  }

  private final List<Process> started = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void noBuildOutlivesItsTest() {
    started.forEach(Process::destroyForcibly);
  }

  private Process start() throws IOException {
    Process process = new ProcessBuilder(JAVA, "-Djava.io.tmpdir=" + javaTmp, "-jar",
        SlimProcess.jar().toString(), "build", big.toString(), "-o", "out/app.tar")
        .directory(tmp.toFile())
        .redirectOutput(tmp.resolve("stdout.txt").toFile())
        .redirectError(tmp.resolve("stderr.txt").toFile())
        .start();
    started.add(process);
    return process;
  }

  /** Starts builds until one is seen in the phase {@code ready} looks for; that one is returned. */
  private Process startAndCatch(Predicate<Process> ready) throws Exception {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Process process = start();
      while (process.isAlive()) {
        if (ready.test(process)) {
          return process;
        }
        Thread.sleep(1);
      }
      clean();
    }
    throw new AssertionError("no build was caught in the wanted phase in " + ATTEMPTS
        + " attempts; last stderr:\n" + Files.readString(tmp.resolve("stderr.txt")));
  }

  private boolean compressing(Process process) {
    return workFolders().stream().anyMatch(work -> !list(work.resolve("blobs")).isEmpty());
  }

  private boolean writingTheArchive(Process process) {
    return !partials().isEmpty();
  }

  private static int stop(Process process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, "" + process.pid()).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
    return process.exitValue();
  }

  @Test
  void sigtermWhileCompressingRemovesTheWorkFolderAndExits143() throws Exception {
    Process build = startAndCatch(this::compressing);

    int exit = stop(build, "TERM");

    assertThat(exit).as(stderr()).isEqualTo(143);
    assertThat(workFolders()).isEmpty();
    assertThat(list(javaTmp)).isEmpty();
    assertThat(partials()).isEmpty();
    assertThat(stderr()).doesNotContain("internal error").doesNotContain("Exception");
  }

  @Test
  void sigtermWhileWritingTheArchiveRemovesThePartialToo() throws Exception {
    Process build = startAndCatch(this::writingTheArchive);

    int exit = stop(build, "TERM");

    assertThat(exit).as(stderr()).isEqualTo(143);
    assertThat(partials()).isEmpty();
    assertThat(list(javaTmp)).isEmpty();
  }

  @Test
  void sigintWhileWritingTheArchiveRemovesEverythingAndExits130() throws Exception {
    Process build = startAndCatch(this::writingTheArchive);
    Assumptions.assumeFalse(ignoresSigint(build),
        "SIGINT is ignored in this process tree (started in the background by a shell):"
            + " Ctrl-C could not reach slim here either");

    int exit = stop(build, "INT");

    assertThat(exit).as(stderr()).isEqualTo(130);
    assertThat(partials()).isEmpty();
    assertThat(list(javaTmp)).isEmpty();
  }

  @Test
  void whatASigkillLeftIsRemovedByTheNextRun() throws Exception {
    Process killed = startAndCatch(this::writingTheArchive);
    assertThat(stop(killed, "KILL")).isEqualTo(137);
    assertThat(workFolders()).as("a SIGKILL cannot be cleaned up after").hasSize(1);
    assertThat(workFolders().get(0).getFileName().toString())
        .startsWith("slim-build-" + killed.pid() + "-");
    assertThat(partials()).hasSize(1);

    Process next = start();
    assertThat(next.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(next.exitValue()).as(stderr()).isZero();
    assertThat(list(javaTmp)).isEmpty();
    assertThat(list(out)).containsExactly(out.resolve("app.tar"));
  }

  private boolean ignoresSigint(Process process) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
      }
    }
    return false;
  }

  private List<Path> workFolders() {
    return list(javaTmp).stream()
        .filter(p -> p.getFileName().toString().startsWith("slim-build-")).toList();
  }

  private List<Path> partials() {
    return list(out).stream().filter(p -> p.getFileName().toString().endsWith(".partial"))
        .toList();
  }

  private void clean() throws IOException {
    for (Path folder : List.of(javaTmp, out)) {
      try (Stream<Path> all = Files.walk(folder)) {
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          if (!p.equals(folder)) {
            Files.delete(p);
          }
        }
      }
    }
  }

  private String stderr() throws IOException {
    return Files.readString(tmp.resolve("stderr.txt"));
  }

  private static List<Path> list(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
