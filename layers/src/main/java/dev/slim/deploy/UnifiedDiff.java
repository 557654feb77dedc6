package dev.slim.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A unified diff of two texts, as {@code diff -u} and {@code git apply} read it, with three lines
 * of context. Lines are compared with Myers' greedy algorithm, keeping only the diagonals each
 * step reached, so a file of many lines with few changes costs little.
 */
final class UnifiedDiff {

  private static final int CONTEXT = 3;

  /** One line of the edit script: kept, removed or added, and the lines before it. */
  private record Op(char kind, int a, int b) {}

  private UnifiedDiff() {}

  /** The diff from {@code before} to {@code after}, headed by {@code name}; "" when equal. */
  static String of(String name, String before, String after) {
    if (before.equals(after)) {
      return "";
    }
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<Op> ops = script(a, b);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(name).append('\n').append("+++ ").append(name).append('\n');
    int i = 0;
    while (i < ops.size()) {
      if (ops.get(i).kind == ' ') {
        i++;
        continue;
      }
      int from = Math.max(0, i - CONTEXT);
      int to = i;
      int lastChange = i;
      while (to < ops.size() && to - lastChange <= 2 * CONTEXT) {
        if (ops.get(to).kind != ' ') {
          lastChange = to;
        }
        to++;
      }
      to = Math.min(ops.size(), lastChange + CONTEXT + 1);
      hunk(out, ops.subList(from, to), a, b);
      i = to;
    }
    return out.toString();
  }

  private static void hunk(StringBuilder out, List<Op> ops, List<String> a, List<String> b) {
    int oldCount = 0;
    int newCount = 0;
    for (Op op : ops) {
      oldCount += op.kind == '+' ? 0 : 1;
      newCount += op.kind == '-' ? 0 : 1;
    }
    Op first = ops.get(0);
    out.append("@@ -").append(range(first.a, oldCount)).append(" +")
        .append(range(first.b, newCount)).append(" @@\n");
    for (Op op : ops) {
      String line = op.kind == '+' ? b.get(op.b) : a.get(op.a);
      out.append(op.kind).append(line);
      if (!line.endsWith("\n")) {
        out.append("\n\\ No newline at end of file\n");
      }
    }
  }

  private static String range(int start, int count) {
    return (count == 0 ? start : start + 1) + (count == 1 ? "" : "," + count);
  }

  /** The text's lines, each with its line break (the last may have none). */
  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int newline = text.indexOf('\n', at);
      int end = newline < 0 ? text.length() : newline + 1;
      lines.add(text.substring(at, end));
      at = end;
    }
    return lines;
  }

  private static List<Op> script(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    List<int[]> reached = new ArrayList<>();
    for (int d = 0; d <= n + m; d++) {
      int[] v = new int[d + 1];
      for (int k = -d; k <= d; k += 2) {
        int x;
        if (d == 0) {
          x = 0;
        } else {
          int[] prev = reached.get(d - 1);
          x = down(prev, d, k) ? at(prev, d - 1, k + 1) : at(prev, d - 1, k - 1) + 1;
        }
        int y = x - k;
        while (x < n && y < m && a.get(x).equals(b.get(y))) {
          x++;
          y++;
        }
        v[(k + d) / 2] = x;
        if (x >= n && y >= m) {
          reached.add(v);
          return backtrack(reached, n, m, a.size());
        }
      }
      reached.add(v);
    }
    throw new IllegalStateException("no edit script");
  }

  private static boolean down(int[] prev, int d, int k) {
    return k == -d || (k != d && at(prev, d - 1, k - 1) < at(prev, d - 1, k + 1));
  }

  private static int at(int[] v, int d, int k) {
    return v[(k + d) / 2];
  }

  private static List<Op> backtrack(List<int[]> reached, int n, int m, int size) {
    List<Op> ops = new ArrayList<>(size + 8);
    int x = n;
    int y = m;
    for (int d = reached.size() - 1; d > 0; d--) {
      int k = x - y;
      int[] prev = reached.get(d - 1);
      boolean down = down(prev, d, k);
      int prevK = down ? k + 1 : k - 1;
      int prevX = at(prev, d - 1, prevK);
      int prevY = prevX - prevK;
      int snakeStart = down ? prevX : prevX + 1;
      while (x > snakeStart) {
        x--;
        y--;
        ops.add(new Op(' ', x, y));
      }
      if (down) {
        ops.add(new Op('+', prevX, prevY));
      } else {
        ops.add(new Op('-', prevX, prevY));
      }
      x = prevX;
      y = prevY;
    }
    while (x > 0 && y > 0) {
      x--;
      y--;
      ops.add(new Op(' ', x, y));
    }
    Collections.reverse(ops);
    return ops;
  }
}
