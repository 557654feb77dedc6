package dev.slim.cli;

import dev.slim.cleanup.CleanupProgress;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * {@code slim report}'s progress on stderr: on a terminal one live line, rewritten four times a
 * second (repositories and tags read, requests per second, time left); without one (CI), a
 * plain line every {@value #PLAIN_SECONDS} seconds, so a log shows the report is moving without
 * filling up. Nothing goes to stdout, which holds only the report.
 */
final class ReportProgress implements CleanupProgress {

  static final int PLAIN_SECONDS = 5;

  private final PrintWriter err;
  private final boolean live;
  private final LongSupplier nanos;
  private final long start;
  private long lastDraw;
  private boolean drawn;

  /** @param nanos the clock ({@link System#nanoTime} outside tests) */
  ReportProgress(PrintWriter err, boolean live, LongSupplier nanos) {
    this.err = err;
    this.live = live;
    this.nanos = nanos;
    this.start = nanos.getAsLong();
    this.lastDraw = start;
  }

  @Override
  public synchronized void update(Snapshot s) {
    long now = nanos.getAsLong();
    long every = live ? 250_000_000L : PLAIN_SECONDS * 1_000_000_000L;
    if (now - lastDraw < every) {
      return;
    }
    lastDraw = now;
    String line = line(s, now - start);
    if (live) {
      err.print("\r\033[K" + line);
      drawn = true;
    } else {
      err.println(line);
    }
    err.flush();
  }

  /** Clears the live line, before the report's table or an error is written. */
  synchronized void finish() {
    if (live && drawn) {
      err.print("\r\033[K");
      err.flush();
      drawn = false;
    }
  }

  /**
   * {@code report: 120/1,000 repositories, 12,000 tags read, 850 requests/s, about 1m 50s left},
   * or while deleting {@code report: 300/2,000 manifests deleted, ...}.
   */
  static String line(Snapshot s, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos / 1e9, 0.001);
    StringBuilder out = new StringBuilder("report: ");
    int done;
    int total;
    if (s.deletions() > 0) {
      done = s.deleted();
      total = s.deletions();
      out.append(group(done)).append('/').append(group(total)).append(" manifests deleted");
    } else {
      done = s.repositoriesDone();
      total = s.repositories();
      out.append(group(done)).append('/').append(group(total)).append(" repositories, ")
          .append(group(s.tagsRead())).append(" tags read");
    }
    out.append(", ").append(group(Math.round(s.requests() / seconds))).append(" requests/s");
    if (done > 0 && total > done) {
      long left = Math.round(seconds * (total - done) / done);
      out.append(", about ").append(duration(left)).append(" left");
    }
    return out.toString();
  }

  private static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m " + seconds % 60 + "s";
    }
    return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
  }

  private static String group(long n) {
    String digits = Long.toString(n);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) {
        out.append(',');
      }
      out.append(digits.charAt(i));
    }
    return out.toString();
  }
}
