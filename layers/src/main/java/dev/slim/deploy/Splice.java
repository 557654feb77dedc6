package dev.slim.deploy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Characters {@code [start, end)} of a file's text replaced by {@code text}: everything outside
 * stays byte for byte.
 */
record Splice(int start, int end, String text) {

  Splice {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("splice " + start + ".." + end);
    }
    java.util.Objects.requireNonNull(text, "text");
  }

  /** {@code original} with every splice made; they must not overlap. */
  static String apply(String original, List<Splice> splices) {
    List<Splice> sorted = new ArrayList<>(splices);
    sorted.sort(Comparator.comparingInt(Splice::start).thenComparingInt(Splice::end));
    StringBuilder out = new StringBuilder(original.length() + 128 * sorted.size());
    int at = 0;
    for (Splice s : sorted) {
      if (s.start < at) {
        throw new IllegalArgumentException("overlapping splices at " + s.start);
      }
      out.append(original, at, s.start).append(s.text);
      at = s.end;
    }
    return out.append(original, at, original.length()).toString();
  }
}
