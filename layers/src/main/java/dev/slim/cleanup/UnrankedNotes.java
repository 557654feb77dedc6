package dev.slim.cleanup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report's notes on what the policy could not rank or age, and the fix: one per kind. */
final class UnrankedNotes {

  static List<String> of(Map<Verdicts.Unranked, Integer> counts, Policy policy) {
    List<String> notes = new ArrayList<>();
    String semver = policy.keepLast() == null ? "--keep-last N --order semver" : "--order semver";
    add(notes, count(counts, Verdicts.Unranked.UNKNOWN_TIME), " the"
        + " image's creation time is unknown (at or before 1980-01-01, as slim build wrote"
        + " before it took the git commit time, or missing), so no age can rank it; fix:"
        + " rebuild with a real time (slim build --created TIME, SOURCE_DATE_EPOCH, or from a"
        + " git checkout), or rank by the tags' versions with " + semver);
    add(notes, count(counts, Verdicts.Unranked.SAME_TIME)
        + (policy.order() == Policy.Order.CREATED ? count(counts, Verdicts.Unranked.ABOVE_TIE) : 0),
        " images"
        + " share a creation time (a fixed SOURCE_DATE_EPOCH or --created?), which cannot"
        + " rank them; fix: give every build its own time (SOURCE_DATE_EPOCH=$(git log -1"
        + " --format=%ct), or --created), or rank by the tags' versions with " + semver);
    add(notes, count(counts, Verdicts.Unranked.NOT_SEMVER), ""
        + " --order semver ranks only tags that are versions (v1, 1.4, 1.4.2, v2.0.0-rc.1);"
        + " use --keep or --only to say what to do with the others");
    add(notes, count(counts, Verdicts.Unranked.SAME_VERSION)
        + (policy.order() == Policy.Order.SEMVER ? count(counts, Verdicts.Unranked.ABOVE_TIE) : 0),
        ""
        + " different images have tags of the same version (v1.2.3 and 1.2.3), which cannot"
        + " rank them; fix: remove the extra tag, or rank by creation time (--order created)");
    return notes;
  }

  private static int count(Map<Verdicts.Unranked, Integer> counts, Verdicts.Unranked kind) {
    return counts.getOrDefault(kind, 0);
  }

  /** "N tags were kept because" + why, when N is not 0. */
  private static void add(List<String> notes, int count, String because) {
    if (count > 0) {
      notes.add(count + (count == 1 ? " tag was" : " tags were") + " kept because" + because);
    }
  }

  private UnrankedNotes() {}
}
