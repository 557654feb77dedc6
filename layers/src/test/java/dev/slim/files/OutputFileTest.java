package dev.slim.files;

import static dev.slim.testing.Gens.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;

import dev.slim.SlimException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

class OutputFileTest {

  @TempDir Path tmp;

  @Test
  void dashAndDevStdoutMeanStandardOutput() throws Exception {
    assertThat(OutputFile.of("--report-json", Path.of("-")).way())
        .isEqualTo(OutputFile.Way.STDOUT);
    assertThat(OutputFile.of("--report-json", Path.of("/dev/stdout")).way())
        .isEqualTo(OutputFile.Way.STDOUT);
    PrintStream before = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      OutputFile.of("--report-json", Path.of("-")).write("{}\n");
    } finally {
      System.setOut(before);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("{}\n");
    assertThat(tmp.resolve("-")).doesNotExist();
  }

  @Test
  void aRelativePathInAFolderStillToMakeIsANewFile() throws Exception {
    // nothing is created by the check; the folder is made when the file is written
    Path relative = Path.of("no-such-folder-" + System.nanoTime(), "deeper", "report.json");
    OutputFile output = OutputFile.of("--report-json", relative);
    assertThat(output.way()).isEqualTo(OutputFile.Way.REPLACE);
    assertThat(relative.getName(0)).doesNotExist();
  }

  @Test
  void aLinkToStdoutIsStdout() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("out"), Path.of("/dev/stdout"));
    assertThat(OutputFile.meansStdout(link)).isTrue();
    assertThat(OutputFile.of("--report-json", link).way()).isEqualTo(OutputFile.Way.STDOUT);
  }

  @Test
  void fileDescriptorsAreWrittenThrough() throws Exception {
    assertThat(OutputFile.of("--report-json", Path.of("/dev/fd/2")).way())
        .isEqualTo(OutputFile.Way.THROUGH);
    assertThat(OutputFile.of("--report-json", Path.of("/dev/stderr")).way())
        .isEqualTo(OutputFile.Way.THROUGH);
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoPartial() throws Exception {
    Path report = Files.writeString(tmp.resolve("report.json"), "old");
    OutputFile output = OutputFile.of("--report-json", report);

    assertThatThrownBy(() -> output.write(out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("the build failed");
    })).isInstanceOf(IOException.class).hasMessage("the build failed");

    assertThat(Files.readString(report)).isEqualTo("old");
    assertThat(list(tmp)).containsExactly(report);
  }

  @Test
  void aFullDeviceIsAUsageErrorNamingTheOption() throws Exception {
    Path full = mknod("full", 7);
    OutputFile output = OutputFile.of("--report-json", full);
    assertThat(output.way()).isEqualTo(OutputFile.Way.THROUGH);

    assertThatThrownBy(() -> output.write("{}"))
        .isInstanceOf(SlimException.class)
        .hasMessage("--report-json " + full + ": cannot write: No space left on device");
    assertThat(isCharacterDevice(full)).isTrue();
  }

  @Test
  void partialNamesCarryTheWritersPid() {
    assertThat(partialName("app.tar", 4242, -1))
        .isEqualTo(".app.tar.slim-4242-18446744073709551615.partial");
    LeftoverName partials = OutputFile.partials("app.tar");
    assertThat(partials.owner(".app.tar.slim-4242-18446744073709551615.partial")).isEqualTo(4242);
    assertThat(partials.owner(".app.tar12345.partial"))
        .as("an older slim's partial has no PID: never ours to judge").isEqualTo(-1);
    assertThat(partials.owner(".app.tar.gz.slim-1-2.partial")).isEqualTo(-1);
    assertThat(partials.owner(".app.tar.slim-1-2.partial.bak")).isEqualTo(-1);
    assertThat(partials.owner(".app.tar.slim--2.partial")).isEqualTo(-1);
    assertThat(partials.owner(".app.tar.slim-12345678901-2.partial")).isEqualTo(-1);
  }

  @Test
  void aDeadWritersPartialIsRemovedWhenTheOutputIsCheckedAgain() throws Exception {
    long dead = deadPid();
    long alive = ProcessHandle.current().pid();
    Path stale = Files.writeString(tmp.resolve(partialName("app.tar", dead, 1)), "x");
    Path live = Files.writeString(tmp.resolve(partialName("app.tar", alive, 2)), "x");
    Path other = Files.writeString(tmp.resolve(partialName("b.tar", dead, 3)), "x");
    Path old = Files.writeString(tmp.resolve(".app.tar123.partial"), "x");

    OutputFile.of("--output", tmp.resolve("app.tar"));

    assertThat(stale).doesNotExist();
    assertThat(live).exists();
    assertThat(other).as("another output's").exists();
    assertThat(old).as("no PID in its name").exists();
  }

  @Test
  void aPartialOlderThanTheProcessWithItsPidIsStale() throws Exception {
    // in a container slim is PID 1 every time: a killed run's partial has this run's PID
    Path reused = Files.writeString(tmp.resolve(
        partialName("app.tar", ProcessHandle.current().pid(), 5)), "x");
    Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
    Files.setLastModifiedTime(reused, FileTime.from(started.minusSeconds(60)));

    OutputFile.of("--output", tmp.resolve("app.tar"));

    assertThat(reused).doesNotExist();
  }

  @Test
  void aSymlinkNamedLikeAPartialIsNeverFollowedOrRemoved() throws Exception {
    Path precious = Files.writeString(tmp.resolve("precious"), "keep");
    Path link = Files.createSymbolicLink(
        tmp.resolve(partialName("app.tar", deadPid(), 1)), precious);

    OutputFile.of("--output", tmp.resolve("app.tar"));

    assertThat(link).exists();
    assertThat(Files.readString(precious)).isEqualTo("keep");
  }

  @Test
  void aNewFileGetsTheUmaskModeNotAForcedOne() throws Exception {
    Path report = tmp.resolve("new.json");
    OutputFile.of("--report-json", report).write("{}");
    // the test JVM's umask is the usual 022 (OutputFilesIT checks 077 in a subprocess)
    Path probe = Files.createFile(tmp.resolve("probe"));
    assertThat(Files.getPosixFilePermissions(report))
        .isEqualTo(Files.getPosixFilePermissions(probe));
  }

  @Test
  void whatIsWrittenIsWhatTheTargetHoldsAndLinksStayLinks() {
    qt().withExamples(60).forAll(shapes(), text(0, 300)).checkAssert((shape, content) -> {
      try {
        writeThrough(shape, content);
      } catch (Exception e) {
        throw new AssertionError("cannot write through a " + shape + " target", e);
      }
    });
  }

  private static void writeThrough(String shape, String content) throws Exception {
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")),
        "output-file-test");
    try {
      Path real = dir.resolve("real.txt");
      Path given = switch (shape) {
        case "new" -> real;
        case "regular" -> {
          Files.writeString(real, "old");
          Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
          yield real;
        }
        case "link" -> {
          Files.writeString(real, "old");
          yield Files.createSymbolicLink(dir.resolve("link"), Path.of("real.txt"));
        }
        case "dangling" -> Files.createSymbolicLink(dir.resolve("link"), real);
        default -> Files.createSymbolicLink(dir.resolve("link2"),
            Files.createSymbolicLink(dir.resolve("link1"), Path.of("real.txt")));
      };

      OutputFile.of("--report-json", given).write(content);

      assertThat(Files.readString(real)).isEqualTo(content);
      assertThat(Files.isSymbolicLink(given)).isEqualTo(!shape.equals("new")
          && !shape.equals("regular"));
      if (shape.equals("regular")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real)))
            .isEqualTo("rw-r-----");
      }
      assertThat(list(dir)).noneMatch(p -> p.toString().endsWith(".partial"));
    } finally {
      Leftovers.deleteTree(dir);
    }
  }

  private static Gen<String> shapes() {
    return arbitrary().pick("new", "regular", "link", "dangling", "chain");
  }

  @Test
  void aSymlinkLoopIsAUsageError() throws Exception {
    Path a = tmp.resolve("a");
    Files.createSymbolicLink(a, tmp.resolve("b"));
    Files.createSymbolicLink(tmp.resolve("b"), a);

    assertThatThrownBy(() -> OutputFile.of("--digest-file", a))
        .isInstanceOf(SlimException.class)
        .hasMessage("--digest-file " + a + ": too many levels of symbolic links");
  }

  private static String partialName(String output, long pid, long random) {
    return OutputFile.partials(output).name(pid, random);
  }

  static long deadPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessHandle.of(process.pid())).isEmpty();
    return process.pid();
  }

  private Path mknod(String name, int minor) throws Exception {
    Path node = tmp.resolve(name);
    Process mknod = new ProcessBuilder("mknod", node.toString(), "c", "1", "" + minor)
        .redirectErrorStream(true).start();
    Assumptions.assumeTrue(mknod.waitFor(10, TimeUnit.SECONDS) && mknod.exitValue() == 0,
        "mknod needs CAP_MKNOD (root); this test is skipped without it");
    return node;
  }

  private static boolean isCharacterDevice(Path path) throws IOException {
    int mode = (Integer) Files.readAttributes(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)
        .get("mode");
    return (mode & 0170000) == 0020000;
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
