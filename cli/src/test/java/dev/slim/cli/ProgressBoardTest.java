package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.image.Progress;
import dev.slim.pipeline.ImageOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBoardTest {

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
    assertThat(err.toString()).isEqualTo(
        "\r\033[Ka  uploading sha256:abc 512 B/2.0 KiB 25%\n\r\033[Kb  waiting\n"
        + "\033[2A\r\033[Ka  uploading sha256:abc 512 B/2.0 KiB 25%\n"
        + "\r\033[Kb  skipped (--fail-fast)\n");
  }
}
