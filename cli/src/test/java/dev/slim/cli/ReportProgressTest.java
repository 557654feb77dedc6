package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.cleanup.CleanupProgress.Snapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReportProgressTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void printsAPlainLineEveryFiveSecondsWithoutATerminal() {
    StringWriter err = new StringWriter();
    AtomicLong clock = new AtomicLong(0);
    ReportProgress progress = new ReportProgress(new PrintWriter(err), false, clock::get);
    progress.update(new Snapshot(1000, 0, 0, 2, 0, 0));
    clock.set(4 * SECOND);
    progress.update(new Snapshot(1000, 90, 9_000, 3_400, 0, 0));
    clock.set(5 * SECOND);
    progress.update(new Snapshot(1000, 100, 10_000, 4_250, 0, 0));
    clock.set(8 * SECOND);
    progress.update(new Snapshot(1000, 180, 18_000, 7_000, 0, 0));
    clock.set(10 * SECOND);
    progress.update(new Snapshot(1000, 250, 25_000, 8_500, 0, 0));
    clock.set(20 * SECOND);
    progress.update(new Snapshot(1000, 1000, 100_000, 127_005, 400, 100));
    progress.finish();
    assertThat(err.toString()).isEqualTo(
        "report: 100/1,000 repositories, 10,000 tags read, 850 requests/s, about 45s left\n"
        + "report: 250/1,000 repositories, 25,000 tags read, 850 requests/s, about 30s left\n"
        + "report: 100/400 manifests deleted, 6,350 requests/s, about 1m 0s left\n");
  }

  @Test
  void rewritesOneLineOnATerminalAndClearsItAtTheEnd() {
    StringWriter err = new StringWriter();
    AtomicLong clock = new AtomicLong(0);
    ReportProgress progress = new ReportProgress(new PrintWriter(err), true, clock::get);
    clock.set(SECOND);
    progress.update(new Snapshot(2, 1, 10, 12, 0, 0));
    clock.set(SECOND + SECOND / 10);
    progress.update(new Snapshot(2, 1, 11, 13, 0, 0)); // too soon: not drawn
    clock.set(2 * SECOND);
    progress.update(new Snapshot(2, 2, 20, 24, 0, 0));
    progress.finish();
    assertThat(err.toString()).isEqualTo(
        "\r\033[Kreport: 1/2 repositories, 10 tags read, 12 requests/s, about 1s left"
        + "\r\033[Kreport: 2/2 repositories, 20 tags read, 12 requests/s"
        + "\r\033[K");
  }

  @Test
  void printsNothingForAReportShorterThanFiveSecondsWithoutATerminal() {
    StringWriter err = new StringWriter();
    AtomicLong clock = new AtomicLong(0);
    ReportProgress progress = new ReportProgress(new PrintWriter(err), false, clock::get);
    clock.set(4 * SECOND);
    progress.update(new Snapshot(3, 3, 30, 40, 0, 0));
    progress.finish();
    assertThat(err.toString()).isEmpty();
  }
}
