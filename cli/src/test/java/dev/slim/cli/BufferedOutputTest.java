package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.cleanup.CleanupProgress.Snapshot;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * slim's stdout and stderr are buffered (a PrintWriter over System.out): whatever a command or a
 * progress line prints must reach the stream when it is printed, not when the JVM exits, or a
 * terminal shows progress late and stdout and stderr interleave out of order. These writers
 * buffer and never flush by themselves.
 */
class BufferedOutputTest {

  @TempDir Path tmp;

  private final StringWriter outText = new StringWriter();
  private final StringWriter errText = new StringWriter();
  private final PrintWriter out = new PrintWriter(new BufferedWriter(outText, 1 << 16), false);
  private final PrintWriter err = new PrintWriter(new BufferedWriter(errText, 1 << 16), false);

  private int run(String... args) {
    return Main.commandLineFor(args, out, err).execute(args);
  }

  @Test
  void inspectAndBuildHaveWrittenEverythingWhenTheyReturn() {
    assertThat(run("inspect", fixture("go-hello-linux-amd64"))).isZero();
    assertThat(outText.toString()).contains("static");
    outText.getBuffer().setLength(0);
    Path archive = tmp.resolve("hello.tar");
    assertThat(run("build", fixture("go-hello-linux-amd64"), "-o", archive.toString())).isZero();
    assertThat(outText.toString()).isEqualTo(archive + "\n");
    assertThat(errText.toString()).contains("wrote   " + archive);
  }

  @Test
  void initAndMigrateHaveWrittenEverythingWhenTheyReturn() throws Exception {
    assertThat(run("init", "--dir", tmp.toString(), "--ci", "gitlab")).isZero();
    assertThat(outText.toString()).contains(tmp.resolve("slim.yaml").toString());
    assertThat(errText.toString()).endsWith("include:\n  - local: .gitlab/slim.gitlab-ci.yml\n");
    outText.getBuffer().setLength(0);
    errText.getBuffer().setLength(0);
    Path dockerfile = Path.of(fixture("dockerfiles/go-debian-slim-cgo")).resolve("Dockerfile");
    assertThat(run("migrate", dockerfile.toString())).isZero();
    assertThat(outText.toString()).startsWith("#").contains("binar");
    assertThat(errText.toString()).contains("build the binary (stage 'build', line 5)");
  }

  @Test
  void migrateOverwritesAnExistingOutputWithForce() throws Exception {
    Path dockerfile = Path.of(fixture("dockerfiles/go-debian-slim-cgo")).resolve("Dockerfile");
    Path output = Files.writeString(tmp.resolve("slim.yaml"), "old\n");
    assertThat(run("migrate", dockerfile.toString(), "-o", output.toString(), "--force"))
        .isZero();
    assertThat(outText.toString()).isEqualTo(output + "\n");
    assertThat(Files.readString(output)).isNotEqualTo("old\n").contains("binar");
  }

  @Test
  void aBuildArgWithoutANameIsRefusedNamingIt() {
    Path dockerfile = Path.of(fixture("dockerfiles/go-debian-slim-cgo")).resolve("Dockerfile");
    assertThat(run("migrate", dockerfile.toString(), "--build-arg", "=1.22")).isEqualTo(2);
    assertThat(errText.toString()).startsWith("slim: --build-arg =1.22: '' is not an ARG name;"
        + " allowed: NAME=VALUE or NAME (letters, digits and '_', not first a digit)\n");
  }

  @Test
  void pinHasWrittenItsFilesAndSummaryWhenItReturns() throws Exception {
    Path deploy = Files.writeString(tmp.resolve("deploy.yaml"), PinCommandTest.DEPLOYMENT);
    Path digests = Files.writeString(tmp.resolve("digests.txt"),
        "reg.example/team/app:1.0@" + PinCommandTest.D + "\n");
    assertThat(run("pin", "--digests", digests.toString(), deploy.toString())).isZero();
    assertThat(outText.toString()).isEqualTo(deploy + "\n");
    assertThat(errText.toString()).isEqualTo("pinned 1 image field in 1 file (1 read)\n");
    errText.getBuffer().setLength(0);
    assertThat(run("pin", "--dry-run", "--digests", digests.toString(), deploy.toString()))
        .isZero();
    assertThat(errText.toString()).isEqualTo("would pin 0 image fields in 0 files (1 read)\n");
  }

  @Test
  void errorsHaveBeenWrittenWhenTheCommandReturns() {
    assertThat(run("inspect", "--bogus", "x")).isEqualTo(2);
    assertThat(errText.toString()).startsWith("slim: Unknown option: '--bogus'\n")
        .endsWith("Run 'slim inspect --help' for more information.\n");
    errText.getBuffer().setLength(0);
    assertThat(run("inspect", tmp.resolve("none").toString())).isEqualTo(2);
    assertThat(errText.toString()).startsWith("slim: file not found: " + tmp.resolve("none"));
  }

  @Test
  void progressReachesTheTerminalAsItHappens() {
    ProgressLine line = new ProgressLine(err, true);
    line.update("compressing binary /app", 0, 10);
    assertThat(errText.toString()).isEqualTo("\r\033[Kcompressing binary /app 0%");
    line.done("compressed binary /app");
    assertThat(errText.toString()).endsWith("\r\033[Kcompressed binary /app");
    line.finish();
    assertThat(errText.toString()).endsWith("\r\033[K");

    errText.getBuffer().setLength(0);
    ProgressLine plain = new ProgressLine(err, false);
    plain.update("uploading sha256:aaa", 0, 10);
    plain.done("uploaded sha256:aaa");
    assertThat(errText.toString()).isEqualTo("uploading sha256:aaa...\nuploaded sha256:aaa\n");

    errText.getBuffer().setLength(0);
    ProgressBoard board = new ProgressBoard(err, true, List.of("a"));
    board.image(0).update("uploading", 0, 0);
    assertThat(errText.toString()).isEqualTo("\r\033[Ka  uploading...\n");
    board.ended(0, new dev.slim.pipeline.ImageOutcome.Skipped("a", "b"));
    assertThat(errText.toString()).endsWith("\r\033[Ka  skipped (--fail-fast)\n");

    errText.getBuffer().setLength(0);
    ProgressBoard ci = new ProgressBoard(err, false, List.of("a"));
    ci.image(0).update("uploading", 0, 0);
    ci.ended(0, new dev.slim.pipeline.ImageOutcome.Skipped("a", "b"));
    assertThat(errText.toString()).isEqualTo("a: uploading...\na: skipped (--fail-fast)\n");
  }

  @Test
  void reportProgressReachesTheTerminalAsItHappens() {
    long[] clock = {0};
    ReportProgress live = new ReportProgress(err, true, () -> clock[0]);
    clock[0] = 1_000_000_000L;
    live.update(new Snapshot(2, 1, 1, 1, 0, 0));
    assertThat(errText.toString()).startsWith("\r\033[Kreport: 1/2 repositories");
    live.finish();
    assertThat(errText.toString()).endsWith("left\r\033[K");

    errText.getBuffer().setLength(0);
    ReportProgress plain = new ReportProgress(err, false, () -> clock[0]);
    clock[0] += ReportProgress.PLAIN_SECONDS * 1_000_000_000L;
    plain.update(new Snapshot(2, 2, 2, 2, 0, 0));
    assertThat(errText.toString()).isEqualTo("report: 2/2 repositories, 2 tags read,"
        + " 0 requests/s\n");
  }
}
