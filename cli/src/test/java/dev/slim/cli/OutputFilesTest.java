package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code slim build}, {@code migrate} and {@code report} write their files: a symbolic link
 * keeps being a link, a FIFO or device is written through, a regular file keeps its mode, and a
 * folder is a usage error before anything is built.
 */
class OutputFilesTest {

  private static final String JSON_START = "{\n  \"schema\" : \"slim/build-report/v1\"";

  @TempDir Path tmp;

  private CliTest.Result build(String... options) {
    String[] args = Stream.concat(Stream.of("build", fixture("c-musl-static"), "-o",
        tmp.resolve("app.tar").toString()), Stream.of(options)).toArray(String[]::new);
    return run(args);
  }

  @Test
  void reportThroughASymlinkWritesItsTargetAndKeepsTheLink() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("reports")).resolve("report.json");
    Files.writeString(target, "old");
    Path link =
        Files.createSymbolicLink(tmp.resolve("latest.json"), Path.of("reports/report.json"));

    CliTest.Result r = build("--report-json", link.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.isSymbolicLink(link)).as("still a link").isTrue();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("reports/report.json"));
    assertThat(Files.readString(target)).startsWith(JSON_START);
    assertThat(partials(tmp)).isEmpty();
    assertThat(partials(target.getParent())).isEmpty();
  }

  @Test
  void danglingSymlinkGetsItsTargetCreated() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("r.json"), tmp.resolve("new.json"));

    CliTest.Result r = build("--report-json", link.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(tmp.resolve("new.json"))).startsWith(JSON_START);
  }

  @Test
  @Timeout(60)
  void reportIntoAFifoReachesItsReader() throws Exception {
    Path fifo = tmp.resolve("report.fifo");
    SlimProcess.tool(tmp, "mkfifo", fifo.toString());
    CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readString(fifo);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });

    CliTest.Result r = build("--report-json", fifo.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(reader.get(30, TimeUnit.SECONDS)).startsWith(JSON_START);
    assertThat(Files.readAttributes(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode"))
        .as("still a FIFO").matches(mode -> ((Integer) mode & 0170000) == 0010000);
    assertThat(partials(tmp)).isEmpty();
  }

  @Test
  void characterDeviceIsWrittenThroughNotReplaced() throws Exception {
    // a private copy of /dev/null: if slim replaced it, only this test's node would be lost
    Path device = tmp.resolve("null");
    Process mknod = new ProcessBuilder("mknod", device.toString(), "c", "1", "3")
        .redirectErrorStream(true).start();
    Assumptions.assumeTrue(mknod.waitFor(10, TimeUnit.SECONDS) && mknod.exitValue() == 0,
        "mknod needs CAP_MKNOD (root); this test is skipped without it");

    CliTest.Result r = build("--report-json", device.toString(), "--digest-file",
        device.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(isCharacterDevice(device)).as("still a character device").isTrue();
    assertThat(partials(tmp)).isEmpty();
    // only now that a private node survived: the real /dev/null, which must survive too
    assertThat(build("--report-markdown", "/dev/null").exit()).isZero();
    assertThat(isCharacterDevice(Path.of("/dev/null"))).as("/dev/null").isTrue();
  }

  @Test
  void replacedReportKeepsItsMode() throws IOException {
    Path report = tmp.resolve("report.json");
    Files.writeString(report, "old");
    Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-------"));
    Path archive = tmp.resolve("app.tar");
    Files.writeString(archive, "old");
    Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw----"));

    CliTest.Result r = build("--report-json", report.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(report)).startsWith(JSON_START);
    assertThat(mode(report)).isEqualTo("rw-------");
    assertThat(mode(archive)).isEqualTo("rw-rw----");
  }

  @Test
  void folderAsReportIsAUsageErrorNamingTheOption() throws IOException {
    Path folder = Files.createDirectories(tmp.resolve("reports"));

    CliTest.Result r = build("--report-json", folder.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --report-json " + folder
        + ": is a folder; give a file path\n");
    assertThat(r.out()).isEmpty();
    assertThat(tmp.resolve("app.tar")).as("nothing built").doesNotExist();
  }

  @Test
  void dotAsArchiveIsAUsageErrorNamingTheOption() {
    CliTest.Result r = run("build", fixture("c-musl-static"), "-o", ".");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --output .: is a folder; give a file path\n");
  }

  @Test
  void emptyPathIsAUsageErrorNamingTheOption() {
    CliTest.Result r = build("--digest-file", "");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --digest-file needs a file path, not ''\n");
    assertThat(tmp.resolve("app.tar")).doesNotExist();
  }

  @Test
  void aFileWhereAFolderShouldBeIsAUsageError() throws IOException {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "x");

    CliTest.Result r = build("--sbom-output", file.resolve("sbom.json").toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --sbom-output " + file.resolve("sbom.json") + ": "
        + file + " is not a folder\n");
    assertThat(tmp.resolve("app.tar")).doesNotExist();
  }

  @Test
  void twoOutputsOnStdoutAreAUsageError() {
    CliTest.Result r = build("--report-json", "-", "--report-markdown", "-");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --report-json and --report-markdown both write to"
        + " stdout ('-'); only one can\n");
  }

  @Test
  void migrateWritesThroughASymlinkAndKeepsIt() throws IOException {
    Path dockerfile = dockerfile();
    Path target = Files.writeString(tmp.resolve("real.yaml"), "old");
    Path link = Files.createSymbolicLink(tmp.resolve("slim.yaml"), target);

    CliTest.Result r = run("migrate", dockerfile.toString(), "-o", link.toString(), "--force");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(target)).contains("apiVersion: slim/v1");
  }

  @Test
  void migrateToAFolderIsAUsageError() throws IOException {
    Path dockerfile = dockerfile();

    CliTest.Result r = run("migrate", dockerfile.toString(), "-o", tmp.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --output " + tmp + ": is a folder; give a file path\n");
  }

  @Test
  void reportToAFolderIsAUsageErrorBeforeTheRegistryIsAsked() {
    // port 9 (discard) on loopback: nothing listens; the check must come first
    CliTest.Result r = run("report", "127.0.0.1:9/team/app", "--html", tmp.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("slim: --html " + tmp + ": is a folder; give a file path\n");
  }

  private Path dockerfile() throws IOException {
    return Files.writeString(tmp.resolve("Dockerfile"),
        "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\n"
            + "COPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n");
  }

  private static boolean isCharacterDevice(Path path) throws IOException {
    int mode = (Integer) Files.readAttributes(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)
        .get("mode");
    return (mode & 0170000) == 0020000;
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  static java.util.List<Path> partials(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList();
    }
  }
}
