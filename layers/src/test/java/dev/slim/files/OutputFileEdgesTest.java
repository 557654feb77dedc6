package dev.slim.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.SlimException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges of writing an output that {@link OutputFileTest} leaves out: what {@code --force}
 * asks about, appending to a step summary, a replaced file's owner, link chains at Linux's limit,
 * a stdout that buffers or fails, and the words a user reads for an I/O failure.
 */
class OutputFileEdgesTest {

  @TempDir Path tmp;

  @Test
  void onlyAnExistingRegularFileIsReplaced() throws Exception {
    Path existing = Files.writeString(tmp.resolve("digest"), "old");
    assertThat(OutputFile.of("--digest-file", existing).replacesAFile()).isTrue();
    assertThat(OutputFile.of("--digest-file", tmp.resolve("new")).replacesAFile()).isFalse();
    assertThat(OutputFile.of("--digest-file", Path.of("/dev/null")).replacesAFile()).isFalse();
    assertThat(OutputFile.of("--digest-file", Path.of("-")).replacesAFile()).isFalse();
  }

  @Test
  void appendingAddsToTheSummaryAndMakesItsFolder() throws Exception {
    Path summary = tmp.resolve("steps/summary.md");
    OutputFile output = OutputFile.of("--summary", summary);
    output.append("# one\n");
    output.append("# two\n");
    assertThat(summary).hasContent("# one\n# two\n");
  }

  @Test
  void appendingToStdoutWritesThere() throws Exception {
    assertThat(onStdout(() -> OutputFile.of("--summary", Path.of("-")).append("row\n")))
        .isEqualTo("row\n");
  }

  @Test
  void anOutputIsNamedAsTheUserGaveIt() throws Exception {
    Files.writeString(tmp.resolve("real.json"), "");
    Path link = Files.createSymbolicLink(tmp.resolve("link.json"), Path.of("real.json"));
    OutputFile output = OutputFile.of("--report-json", link);
    assertThat(output).hasToString(link.toString());
    assertThat(output.target()).isEqualTo(tmp.resolve("real.json"));
  }

  @Test
  void aReplacedFileKeepsItsOwnerGroupAndMode() throws Exception {
    Path report = Files.writeString(tmp.resolve("report.json"), "old");
    Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-------"));
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      Files.setAttribute(report, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(report, "unix:gid", 65534, LinkOption.NOFOLLOW_LINKS);
    }

    OutputFile.of("--report-json", report).write("{}");

    assertThat(report).hasContent("{}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report)))
        .isEqualTo("rw-------");
    if (root) {
      assertThat(Files.getAttribute(report, "unix:uid")).isEqualTo(65534);
      assertThat(Files.getAttribute(report, "unix:gid")).isEqualTo(65534);
    }
  }

  @Test
  void aDeadWritersPartialBesideAnExistingFileIsRemoved() throws Exception {
    Path archive = Files.writeString(tmp.resolve("app.tar"), "old");
    Path stale = Files.writeString(tmp.resolve(
        OutputFile.partials("app.tar").name(OutputFileTest.deadPid(), 7)), "x");

    OutputFile output = OutputFile.of("--output", archive);

    assertThat(output.way()).isEqualTo(OutputFile.Way.REPLACE);
    assertThat(stale).doesNotExist();
  }

  @Test
  void aLongNameIsCutToAHundredCharactersInItsPartial() {
    String hundred = "a".repeat(100);
    assertThat(OutputFile.partials(hundred).prefix()).isEqualTo("." + hundred + ".slim-");
    assertThat(OutputFile.partials(hundred + "bc").prefix()).isEqualTo("." + hundred + ".slim-");
  }

  @Test
  void fortyLinksToStdoutAreStdoutAndFortyOneAreALoop() throws Exception {
    Path forty = chain("a", 40, Path.of("/dev/stdout"));
    assertThat(OutputFile.meansStdout(forty)).isTrue();
    assertThat(OutputFile.of("--report-json", forty).way()).isEqualTo(OutputFile.Way.STDOUT);

    Path fortyOne = chain("b", 41, Path.of("/dev/stdout"));
    assertThat(OutputFile.meansStdout(fortyOne)).isFalse();
    assertThatThrownBy(() -> OutputFile.of("--report-json", fortyOne))
        .isInstanceOf(SlimException.class)
        .hasMessage("--report-json " + fortyOne + ": too many levels of symbolic links");
  }

  @Test
  void whatGoesToAStdoutThatBuffersIsThereWhenTheWriteReturns() throws Exception {
    PrintStream before = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new BufferedOutputStream(captured, 1 << 16), false,
        StandardCharsets.UTF_8));
    try {
      OutputFile.of("--report-json", Path.of("-")).write("{\"ok\":true}\n");
      assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}\n");
    } finally {
      System.setOut(before);
    }
  }

  @Test
  void aStdoutThatFailsIsAUsageErrorNamingTheOption() throws Exception {
    PrintStream before = System.out;
    System.setOut(new PrintStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Broken pipe");
      }
    }, false, StandardCharsets.UTF_8));
    try {
      OutputFile output = OutputFile.of("--report-json", Path.of("-"));
      assertThatThrownBy(() -> output.write("{}"))
          .isInstanceOf(SlimException.class)
          .hasMessage("--report-json -: cannot write to stdout");
    } finally {
      System.setOut(before);
    }
  }

  @Test
  void ioFailuresAreToldInWordsNotClassNames() {
    assertThat(Targets.reason(new AccessDeniedException("/x"))).isEqualTo("permission denied");
    assertThat(Targets.reason(new NoSuchFileException("/x"))).isEqualTo("no such file or folder");
    assertThat(Targets.reason(new java.nio.file.FileSystemException("/x", null,
        "Read-only file system"))).isEqualTo("Read-only file system");
    assertThat(Targets.reason(new java.nio.file.FileSystemException("/x")))
        .isEqualTo("/x");
    assertThat(Targets.reason(new IOException("No space left on device")))
        .isEqualTo("No space left on device");
    assertThat(Targets.reason(new IOException())).isEqualTo("IOException");
  }

  @Test
  void aFolderThatTurnedIntoAFileBeforeTheWriteIsAUsageError() throws Exception {
    Path report = tmp.resolve("later/report.json");
    OutputFile output = OutputFile.of("--report-json", report);
    Files.writeString(tmp.resolve("later"), "in the way");

    assertThatThrownBy(() -> output.write("{}"))
        .isInstanceOf(SlimException.class)
        .hasMessage("--report-json " + report + ": cannot write: " + tmp.resolve("later"));
  }

  /** {@code name0 -> name1 -> ... -> name(n-1) -> end}: {@code n} links; returns the first. */
  private Path chain(String name, int n, Path end) throws IOException {
    Path next = end;
    for (int i = n - 1; i >= 0; i--) {
      next = Files.createSymbolicLink(tmp.resolve(name + i), next);
    }
    return next;
  }

  private interface Writing {
    void run() throws Exception;
  }

  private static String onStdout(Writing writing) throws Exception {
    PrintStream before = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      writing.run();
    } finally {
      System.setOut(before);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
