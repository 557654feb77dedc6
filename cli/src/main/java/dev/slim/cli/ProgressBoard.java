package dev.slim.cli;

import dev.slim.image.Progress;
import dev.slim.pipeline.ImageOutcome;
import dev.slim.pipeline.SlimBuilds;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The progress of a run of several images on stderr. On a terminal, a live view of one line per
 * image (its step, the bytes done, then how it ended), redrawn in place; in CI (no terminal),
 * one plain line per step per image, {@code LABEL: step...}, and one when the image ends.
 */
final class ProgressBoard implements SlimBuilds.Board {

  /** Columns of a line of the live view: narrower than the narrowest common terminal. */
  private static final int WIDTH = 79;

  private final PrintWriter err;
  private final boolean live;
  private final List<String> labels;
  private final String[] lines;
  private final List<Set<String>> printed = new ArrayList<>();
  private boolean drawn;
  private long lastDraw;

  ProgressBoard(PrintWriter err, boolean live, List<String> labels) {
    this.err = err;
    this.live = live;
    this.labels = List.copyOf(labels);
    this.lines = new String[labels.size()];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = "waiting";
      printed.add(new HashSet<>());
    }
  }

  @Override
  public Progress image(int index) {
    return new Progress() {
      @Override
      public void update(String step, long done, long total) {
        step(index, step, done, total, false);
      }

      @Override
      public void done(String step) {
        step(index, step, 1, 1, true);
      }
    };
  }

  @Override
  public synchronized void ended(int index, ImageOutcome outcome) {
    String how;
    if (outcome instanceof ImageOutcome.Built built) {
      how = built.result().gateFailure().map(g -> "not done: " + g)
          .orElse("done " + built.result().printed());
    } else if (outcome instanceof ImageOutcome.Failed failed) {
      how = "failed: " + Errors.message(failed.failure());
    } else {
      how = "skipped (--fail-fast)";
    }
    // the live line keeps to one row: the label names the image, a short digest says which
    lines[index] = how.startsWith("done ") ? "done " + shortDigest(how) : how;
    if (live) {
      draw(true);
    } else {
      err.println(labels.get(index) + ": " + how);
      err.flush();
    }
  }

  private synchronized void step(int index, String step, long done, long total,
      boolean happened) {
    if (!live) {
      if (printed.get(index).add(step)) {
        err.println(labels.get(index) + ": " + step + (happened ? "" : "..."));
        err.flush();
      }
      return;
    }
    lines[index] = step + (happened ? "" : total > 0 ? " " + bytes(done) + "/" + bytes(total)
        + " " + (100 * done / total) + "%" : "...");
    draw(false);
  }

  /** Redraws every image's line, at most ten times a second unless {@code now}. */
  private void draw(boolean now) {
    long time = System.nanoTime();
    if (!now && drawn && time - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = time;
    StringBuilder out = new StringBuilder();
    if (drawn) {
      out.append("\033[").append(lines.length).append('A');
    }
    for (int i = 0; i < lines.length; i++) {
      String line = labels.get(i) + "  " + lines[i];
      // a line the terminal wraps would throw the cursor's count off: keep each to one row
      out.append("\r\033[K").append(line.length() > WIDTH ? line.substring(0, WIDTH - 1) + "…"
          : line).append('\n');
    }
    drawn = true;
    err.print(out);
    err.flush();
  }

  /** The last view, drawn once more so that every image shows how it ended. */
  synchronized void finish() {
    if (live && drawn) {
      draw(true);
    }
  }

  /** {@code sha256:} and 12 hex digits of the reference's digest, or the text as it is. */
  private static String shortDigest(String text) {
    int at = text.indexOf("@sha256:");
    return at < 0 ? text : text.substring(at + 1, Math.min(text.length(), at + 20));
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double value = n;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
