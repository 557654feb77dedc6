package dev.slim.render;

import dev.slim.cleanup.CleanupReport.TagRow;
import java.util.Comparator;
import java.util.List;

/**
 * The tags a table or a Markdown list shows under {@code --top N}: the N whose deletion frees the
 * most (their unique bytes, largest first; ties in report order), and what the rest add up to.
 *
 * @param shown the rows to print
 * @param hidden how many rows were left out
 * @param hiddenUniqueBytes the unique bytes of the rows left out, summed without wrapping
 */
record TopTags(List<TagRow> shown, int hidden, long hiddenUniqueBytes) {

  /** No limit: every tag, in report order. */
  static final int ALL = Integer.MAX_VALUE;

  TopTags {
    shown = List.copyOf(shown);
  }

  static TopTags of(List<TagRow> tags, int top) {
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, not " + top);
    }
    if (tags.size() <= top) {
      return new TopTags(tags, 0, 0);
    }
    List<TagRow> ranked = tags.stream()
        .sorted(Comparator.comparingLong(TagRow::uniqueBytes).reversed()).toList();
    long rest = 0;
    for (TagRow t : ranked.subList(top, ranked.size())) {
      rest = rest > Long.MAX_VALUE - t.uniqueBytes() ? Long.MAX_VALUE : rest + t.uniqueBytes();
    }
    return new TopTags(ranked.subList(0, top), ranked.size() - top, rest);
  }

  /** The line under the rows, or {@code null} when nothing was left out. */
  String more(int top) {
    if (hidden == 0) {
      return null;
    }
    return Sizes.count(hidden, "more tag") + " not shown (--top " + top + "): "
        + hiddenUniqueBytes + " bytes (" + Sizes.human(hiddenUniqueBytes)
        + ") unique to them; the JSON report lists every tag";
  }
}
