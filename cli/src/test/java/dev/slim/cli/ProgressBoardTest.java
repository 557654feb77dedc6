package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.image.Progress;
import dev.slim.pipeline.ImageOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBoardTest {

  private static final dev.slim.render.BuildReport REPORT = new dev.slim.render.BuildReport(
      "reg/a:1@sha256:0", "sha256:0", "linux/amd64", "application/vnd.oci.image.manifest.v1+json",
      null, 1, 1, null, null, "none", List.of(),
      new dev.slim.render.LayerRow("sha256:0", 1, null, "image config", "uploaded", "slim"), 0, 0);

  @Test
  void printsOnePlainLinePerStepPerImageAndOneWhenItEnds() {
    StringWriter err = new StringWriter();
    ProgressBoard board = new ProgressBoard(new PrintWriter(err), false, List.of("reg/a:1",
        "reg/b:1"));
    Progress a = board.image(0);
    Progress b = board.image(1);
    a.update("compressing binary /app", 0, 100);
    b.update("compressing binary /app", 0, 100);
    a.update("compressing binary /app", 50, 100);
    a.done("uploaded sha256:abc");
    board.ended(1, new ImageOutcome.Failed("reg/b:1",
        new dev.slim.SlimException(dev.slim.SlimException.Reason.REJECTED, "not static")));
    board.ended(0, new ImageOutcome.Skipped("reg/a:1", "reg/b:1"));
    board.finish();
    assertThat(err.toString()).isEqualTo("reg/a:1: compressing binary /app...\n"
        + "reg/b:1: compressing binary /app...\n"
        + "reg/a:1: uploaded sha256:abc\n"
        + "reg/b:1: failed: not static\n"
        + "reg/a:1: skipped (--fail-fast)\n");
  }

  @Test
  void drawsOneLinePerImageOnATerminalAndRedrawsThemInPlace() {
    StringWriter err = new StringWriter();
    ProgressBoard board = new ProgressBoard(new PrintWriter(err), true, List.of("a", "b"));
    board.image(0).update("uploading sha256:abc", 512, 2048);
    board.ended(1, new ImageOutcome.Skipped("b", "a"));
    board.ended(0, new ImageOutcome.Built("a", new dev.slim.pipeline.BuildResult(REPORT,
        "reg/a:1@sha256:" + "0123456789abcdef".repeat(4), java.util.Optional.empty(),
        List.of())));
    assertThat(err.toString()).isEqualTo(
        "\r\033[Ka  uploading sha256:abc 512 B/2.0 KiB 25%\n\r\033[Kb  waiting\n"
        + "\033[2A\r\033[Ka  uploading sha256:abc 512 B/2.0 KiB 25%\n"
        + "\r\033[Kb  skipped (--fail-fast)\n"
        + "\033[2A\r\033[Ka  done sha256:0123456789ab\n"
        + "\r\033[Kb  skipped (--fail-fast)\n");
  }
}
