package dev.slim.cleanup;

import static dev.slim.testing.Gens.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.slim.plan.CreationTime;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Laws of {@code --keep-last} over random creation times drawn from a few values, so that ties
 * and unknown times (missing, the epoch, 1980-01-01) are common.
 */
class RetentionPropertiesTest {

  private static Gen<List<Instant>> times() {
    Gen<Instant> time = Generate.frequency(
        Pair.of(1, arbitrary().constant((Instant) null)),
        Pair.of(2, arbitrary().constant(Instant.EPOCH)),
        Pair.of(1, arbitrary().constant(Instant.parse("1980-01-01T00:00:00Z"))),
        Pair.of(6, integers().between(0, 12).map(RankingTest::day)));
    return lists().of(time).ofSizeBetween(1, 14);
  }

  private static boolean unknown(Instant t) {
    return CreationTime.unknown(t);
  }

  @Test
  void keepLastNeverDeletesNewerThanItKeepsNorAnUnknownOrTiedImage() {
    qt().withExamples(2000).forAll(times(), ints(1, 6))
        .checkAssert(RetentionPropertiesTest::keepLastLaw);
  }

  private static void keepLastLaw(List<Instant> times, int keep) {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      tags.add("t" + i);
    }
    Map<String, Verdicts.Verdict> v = Verdicts.evaluate(RankingTest.repo(tags, times),
        RankingTest.keepLast(keep), RankingTest.NOW);
    Map<Instant, Integer> count = new HashMap<>();
    times.stream().filter(t -> !unknown(t)).forEach(t -> count.merge(t, 1, Integer::sum));
    List<Instant> kept = new ArrayList<>();
    List<Instant> deleted = new ArrayList<>();
    for (int i = 0; i < tags.size(); i++) {
      Instant t = times.get(i);
      if (v.get(tags.get(i)).deleted()) {
        assertThat(unknown(t)).as("deleted %s with an unknown time", tags.get(i)).isFalse();
        assertThat(count.get(t)).as("deleted %s with a shared time", tags.get(i)).isEqualTo(1);
        deleted.add(t);
      } else if (!unknown(t)) {
        kept.add(t);
      }
    }
    for (Instant d : deleted) {
      for (Instant k : kept) {
        assertThat(d).as("deleted an image newer than one kept").isBefore(k);
      }
    }
    // With nothing unrankable, exactly the images beyond the N newest go.
    boolean rankable = times.stream().noneMatch(RetentionPropertiesTest::unknown)
        && count.values().stream().allMatch(c -> c == 1);
    if (rankable) {
      assertThat(deleted).hasSize(Math.max(0, times.size() - keep));
    }
    assertThat(kept.size() + deleted.size()
        + times.stream().filter(RetentionPropertiesTest::unknown).count()).isEqualTo(times.size());
    assertThat(v.values().stream().filter(x -> !x.deleted()).count())
        .as("keeps at least the N newest, or all").isGreaterThanOrEqualTo(
            Math.min(keep, times.size()));
  }

  @Test
  void semverNeverDeletesANonVersionOrAVersionAboveOneItKeeps() {
    qt().withExamples(1000).forAll(lists().of(ints(0, 9)).ofSizeBetween(1, 12), ints(1, 5))
        .checkAssert(RetentionPropertiesTest::semverLaw);
  }

  private static void semverLaw(List<Integer> minors, int keep) {
    List<String> tags = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < minors.size(); i++) {
      // every third tag is no version; minors repeat, so versions are shared too
      tags.add(i % 3 == 2 ? "build-" + i : (i % 2 == 0 ? "v1." : "1.") + minors.get(i) + ".0");
      times.add(Instant.EPOCH);
    }
    List<String> unique = new ArrayList<>(new java.util.LinkedHashSet<>(tags));
    if (unique.size() != tags.size()) {
      return;
    }
    Map<String, Verdicts.Verdict> v = Verdicts.evaluate(RankingTest.repo(tags, times),
        new Policy(keep, null, null, null, Set.of(), true, Policy.Order.SEMVER), RankingTest.NOW);
    List<SemVer> kept = new ArrayList<>();
    List<SemVer> deleted = new ArrayList<>();
    for (String tag : tags) {
      var version = SemVer.parse(tag);
      if (v.get(tag).deleted()) {
        assertThat(version).as(tag).isPresent();
        assertThat(tags.stream().filter(t -> SemVer.parse(t).equals(version)).count())
            .as("deleted %s, whose version another image has", tag).isEqualTo(1);
        deleted.add(version.get());
      } else {
        version.ifPresent(kept::add);
      }
    }
    for (SemVer d : deleted) {
      for (SemVer k : kept) {
        assertThat(d).as("deleted a version above one kept").isLessThan(k);
      }
    }
  }
}
