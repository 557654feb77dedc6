package dev.slim.cli;

import dev.slim.image.Progress;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * Progress on stderr: one live, rewritten line on a terminal; in CI (no terminal), one plain line
 * when a step first starts, so logs stay readable even when steps run side by side (uploads).
 * A step under way ends in "..."; one that has happened ("reused ...") does not.
 */
final class ProgressLine implements Progress {
  private final PrintWriter err;
  private final boolean live;
  private String step;
  private long lastDraw;
  private final Set<String> printed = new HashSet<>();

  ProgressLine(PrintWriter err, boolean live) {
    this.err = err;
    this.live = live;
  }

  static boolean isTerminal(java.util.Map<String, String> env) {
    return System.console() != null && env.get("CI") == null;
  }

  @Override
  public synchronized void update(String what, long done, long total) {
    boolean newStep = !what.equals(step);
    step = what;
    if (!live) {
      if (printed.add(what)) {
        err.println(what + "...");
        err.flush();
      }
      return;
    }
    long now = System.nanoTime();
    if (!newStep && now - lastDraw < 100_000_000L && done < total) {
      return;
    }
    lastDraw = now;
    String percent = total > 0 ? " " + (100 * done / total) + "%" : "";
    err.print("\r\033[K" + what + percent);
    err.flush();
  }

  @Override
  public synchronized void done(String what) {
    step = what;
    if (!live) {
      if (printed.add(what)) {
        err.println(what);
        err.flush();
      }
      return;
    }
    lastDraw = System.nanoTime();
    err.print("\r\033[K" + what);
    err.flush();
  }

  /** Clears the live line before the report is printed. */
  synchronized void finish() {
    if (live && step != null) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
