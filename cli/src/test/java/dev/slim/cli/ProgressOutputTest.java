package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.cleanup.CleanupProgress.Snapshot;
import dev.slim.pipeline.BuildResult;
import dev.slim.pipeline.ImageOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The progress a user watches on stderr: terminal and CI forms, sizes, widths, times left. */
class ProgressOutputTest {

  private static final long SECOND = 1_000_000_000L;

  private static final dev.slim.render.BuildReport REPORT = new dev.slim.render.BuildReport(
      "reg/a:1@sha256:0", "sha256:0", "linux/amd64", "application/vnd.oci.image.manifest.v1+json",
      null, 1, 1, null, null, "none", List.of(),
      new dev.slim.render.LayerRow("sha256:0", 1, null, "image config", "uploaded", "slim"), 0, 0);

  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @Test
  void sizesOnTheBoardUseBinaryUnitsWithOneDecimal() {
    assertThat(ProgressBoard.bytes(0)).isEqualTo("0 B");
    assertThat(ProgressBoard.bytes(1023)).isEqualTo("1023 B");
    assertThat(ProgressBoard.bytes(1024)).isEqualTo("1.0 KiB");
    assertThat(ProgressBoard.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(ProgressBoard.bytes(1L << 20)).isEqualTo("1.0 MiB");
    assertThat(ProgressBoard.bytes(5L << 29)).isEqualTo("2.5 GiB");
    assertThat(ProgressBoard.bytes(3L << 40)).isEqualTo("3.0 TiB");
    // no unit above TiB: the number grows instead
    assertThat(ProgressBoard.bytes(2048L << 40)).isEqualTo("2048.0 TiB");
  }

  @Test
  void aLiveLineLongerThanATerminalIsCutToOneRow() {
    StringWriter err = new StringWriter();
    ProgressBoard board = new ProgressBoard(new PrintWriter(err), true, List.of("a"));
    String step = "x".repeat(100);
    board.image(0).done(step);
    String line = "a  " + step;
    assertThat(err.toString()).isEqualTo("\r\033[K" + line.substring(0, 78) + "…\n");
    err.getBuffer().setLength(0);
    board.image(0).done("y".repeat(76)); // 79 columns with the label: fits (drawn by finish)
    board.finish();
    assertThat(err.toString()).endsWith("\r\033[Ka  " + "y".repeat(76) + "\n");
  }

  @Test
  void theLiveBoardShowsStepsWithoutSizeAndHowEachImageEnded() {
    StringWriter err = new StringWriter();
    ProgressBoard board = new ProgressBoard(new PrintWriter(err), true, List.of("a", "b"));
    board.image(0).update("pushing manifest", 0, -1);
    board.ended(1, new ImageOutcome.Built("b", new BuildResult(REPORT, "reg/b:1@" + DIGEST,
        Optional.of("--max-size: 2 MB over"), List.of())));
    board.ended(0, new ImageOutcome.Failed("a",
        new dev.slim.SlimException(dev.slim.SlimException.Reason.REGISTRY, "unreachable")));
    board.finish();
    assertThat(err.toString()).isEqualTo(
        "\r\033[Ka  pushing manifest...\n\r\033[Kb  waiting\n"
        + "\033[2A\r\033[Ka  pushing manifest...\n\r\033[Kb  not done: --max-size: 2 MB over\n"
        + "\033[2A\r\033[Ka  failed: unreachable\n\r\033[Kb  not done: --max-size: 2 MB over\n"
        + "\033[2A\r\033[Ka  failed: unreachable\n\r\033[Kb  not done: --max-size: 2 MB over\n");
  }

  @Test
  void inCiAnImageThatEndsPrintsItsWholeReference() {
    StringWriter err = new StringWriter();
    ProgressBoard board = new ProgressBoard(new PrintWriter(err), false, List.of("a"));
    board.ended(0, new ImageOutcome.Built("a", new BuildResult(REPORT, "reg/a:1@" + DIGEST,
        Optional.empty(), List.of())));
    board.finish();
    assertThat(err.toString()).isEqualTo("a: done reg/a:1@" + DIGEST + "\n");
  }

  @Test
  void anUnfinishedBoardDrawsNothingAtTheEnd() {
    StringWriter err = new StringWriter();
    new ProgressBoard(new PrintWriter(err), true, List.of("a")).finish();
    new ProgressLine(new PrintWriter(err), true).finish();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void theLiveLineSkipsRedrawsOfOneStepButNeverItsEndOrANewStep() {
    StringWriter err = new StringWriter();
    ProgressLine progress = new ProgressLine(new PrintWriter(err), true);
    progress.update("uploading sha256:aaa", 0, 1000);
    for (int done = 1; done < 1000; done++) {
      progress.update("uploading sha256:aaa", done, 1000); // within 100 ms: not drawn
    }
    progress.update("uploading sha256:aaa", 1000, 1000);
    progress.update("pushing manifest", 0, 0);
    progress.done("pushed manifest");
    progress.finish();
    String out = err.toString();
    assertThat(out).startsWith("\r\033[Kuploading sha256:aaa 0%")
        .endsWith("\r\033[Kuploading sha256:aaa 100%\r\033[Kpushing manifest"
            + "\r\033[Kpushed manifest\r\033[K");
    // a slow machine may draw a few in between, never one per update
    assertThat(out.split("\r", -1).length).isLessThan(50);
  }

  @Test
  void inCiEveryStepThatHappenedIsPrintedOnce() {
    StringWriter err = new StringWriter();
    ProgressLine progress = new ProgressLine(new PrintWriter(err), false);
    progress.done("reused sha256:aaa");
    progress.done("reused sha256:aaa");
    progress.finish();
    assertThat(err.toString()).isEqualTo("reused sha256:aaa\n");
  }

  @Test
  void aTerminalIsOnlyAssumedOutsideCi() {
    // tests have no console; CI set says no terminal even with one
    assertThat(ProgressLine.isTerminal(java.util.Map.of())).isEqualTo(System.console() != null);
    assertThat(ProgressLine.isTerminal(java.util.Map.of("CI", "true"))).isFalse();
  }

  @Test
  void theReportLineGroupsDigitsAndSaysTheTimeLeftInHoursMinutesOrSeconds() {
    assertThat(ReportProgress.line(new Snapshot(1_234_567, 1, 1_000_000, 0, 0, 0), 10 * SECOND))
        .isEqualTo("report: 1/1,234,567 repositories, 1,000,000 tags read, 0 requests/s,"
            + " about 3429h 21m left");
    assertThat(ReportProgress.line(new Snapshot(100, 10, 20, 50, 0, 0), 10 * SECOND))
        .isEqualTo("report: 10/100 repositories, 20 tags read, 5 requests/s, about 1m 30s left");
    assertThat(ReportProgress.line(new Snapshot(2, 1, 1, 3, 0, 0), 59 * SECOND))
        .isEqualTo("report: 1/2 repositories, 1 tags read, 0 requests/s, about 59s left");
    assertThat(ReportProgress.line(new Snapshot(2, 1, 1, 3, 0, 0), 60 * SECOND))
        .endsWith("about 1m 0s left");
    assertThat(ReportProgress.line(new Snapshot(2, 1, 1, 3, 0, 0), 3600 * SECOND))
        .endsWith("about 1h 0m left");
    // nothing done yet: no guess; no time passed: the rate stays finite
    assertThat(ReportProgress.line(new Snapshot(5, 0, 0, 7, 0, 0), 0))
        .isEqualTo("report: 0/5 repositories, 0 tags read, 7,000 requests/s");
    assertThat(ReportProgress.line(new Snapshot(5, 5, 9, 7, 3, 3), SECOND))
        .isEqualTo("report: 3/3 manifests deleted, 7 requests/s");
  }

  @Test
  void theLiveReportLineIsDrawnFourTimesASecondAtMost() {
    StringWriter err = new StringWriter();
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    ReportProgress progress = new ReportProgress(new PrintWriter(err), true, clock::get);
    clock.set(SECOND / 4 - 1);
    progress.update(new Snapshot(1, 0, 0, 0, 0, 0));
    assertThat(err.toString()).isEmpty();
    clock.set(SECOND / 4);
    progress.update(new Snapshot(1, 0, 0, 0, 0, 0));
    progress.finish();
    progress.finish(); // a second clear prints nothing more
    assertThat(err.toString())
        .isEqualTo("\r\033[Kreport: 0/1 repositories, 0 tags read, 0 requests/s\r\033[K");
  }
}
