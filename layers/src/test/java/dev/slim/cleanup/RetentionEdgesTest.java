package dev.slim.cleanup;

import static dev.slim.cleanup.RankingTest.d;
import static dev.slim.cleanup.RankingTest.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.cleanup.CleanupReport.Deletion;
import dev.slim.oci.Descriptor;
import dev.slim.oci.MediaTypes;
import dev.slim.registry.ConfigSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Retention's less travelled paths: nested indexes' times, many tied images, attachments under
 * --keep and --protect, a signature that carries a second tag, the highest of an image's
 * versions, and the order and kinds of the deletions (a half-done --apply leaves nothing
 * unreachable from a tag).
 */
class RetentionEdgesTest {

  private static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

  private static Scanner.Node image(int digest, Instant created) {
    return new Scanner.Node(d(digest), MediaTypes.OCI_MANIFEST, 10,
        List.of(new Descriptor(CONFIG, d(1000 + digest), 100),
            new Descriptor(LAYER, d(2000 + digest), 1000)),
        List.of(), new ConfigSummary(created, "linux", "amd64", null, List.of()));
  }

  private static Scanner.Node index(int digest, int... children) {
    List<String> list = new ArrayList<>();
    for (int c : children) {
      list.add(d(c));
    }
    return new Scanner.Node(d(digest), MediaTypes.OCI_INDEX, 10, List.of(), list, null);
  }

  private static Scanner.RepoScan scan(Map<String, String> tags, Map<String, List<String>> referrers,
      Scanner.Node... nodes) {
    Map<String, Scanner.Node> byDigest = new HashMap<>();
    for (Scanner.Node n : nodes) {
      byDigest.put(n.digest(), n);
    }
    return new Scanner.RepoScan("r.example", "app", tags, byDigest, referrers, Set.of());
  }

  private static String sig(int subject) {
    return "sha256-" + d(subject).substring(7) + ".sig";
  }

  @Test
  void anIndexIsAsNewAsItsNewestChildFourLevelsDownAndNoFurther() {
    Scanner.RepoScan s = scan(Map.of(), Map.of(), image(1, day(1)), image(2, day(5)),
        image(3, null), index(10, 1, 2, 3), index(11, 3, 2, 1), index(12, 10), index(13, 12),
        index(14, 13), index(15, 14));
    assertThat(Verdicts.created(s, d(10))).isEqualTo(day(5));
    assertThat(Verdicts.created(s, d(11))).isEqualTo(day(5));
    assertThat(Verdicts.created(s, d(14))).as("image four indexes down").isEqualTo(day(5));
    assertThat(Verdicts.created(s, d(15))).as("five down: not looked at").isNull();
    assertThat(Verdicts.created(s, d(3))).isNull();
  }

  @Test
  void aTieOfManyNamesThreeAndCountsTheRest() {
    Map<String, String> tags = new LinkedHashMap<>();
    List<Scanner.Node> nodes = new ArrayList<>();
    String[] names = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < names.length; i++) {
      tags.put(names[i], d(i + 1));
      nodes.add(image(i + 1, day(3)));
    }
    tags.put("f", d(9));
    nodes.add(image(9, day(1)));
    Scanner.RepoScan five = scan(tags, Map.of(), nodes.toArray(Scanner.Node[]::new));

    Map<String, Verdicts.Verdict> v = RankingTest.evaluate(five, RankingTest.keepLast(1));

    assertThat(v.get("a").reason()).isEqualTo("same creation time as b, c, d and 1 more"
        + " (2025-01-04T00:00:00Z): cannot rank by age (--keep-last)");
    assertThat(v.get("f").verdict()).isEqualTo("delete");

    tags.remove("e");
    Map<String, Verdicts.Verdict> four = RankingTest.evaluate(scan(tags, Map.of(),
        nodes.toArray(Scanner.Node[]::new)), RankingTest.keepLast(1));
    assertThat(four.get("d").reason()).isEqualTo("same creation time as a, b, c"
        + " (2025-01-04T00:00:00Z): cannot rank by age (--keep-last)");
  }

  @Test
  void attachmentsFollowKeepAndProtectAndAnOrphanNamesItsSubject() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("old", d(1));
    tags.put("new", d(2));
    tags.put(sig(1), d(50));
    tags.put(sig(7), d(51));
    tags.put(sig(8), d(52));
    tags.put(sig(9), d(53));
    Scanner.RepoScan s = scan(tags, Map.of(), image(1, day(1)), image(2, day(2)),
        image(50, day(1)), image(51, day(1)), image(52, day(1)), image(53, day(1)));
    Policy policy = new Policy(1, null, Pattern.compile("sha256-0+8\\.sig"), null,
        Set.of(d(53)), true);

    Map<String, Verdicts.Verdict> v = Verdicts.evaluate(s, policy, RankingTest.NOW);

    assertThat(v.get(sig(1))).isEqualTo(new Verdicts.Verdict("delete",
        "attached to deleted image sha256:000000000000", "attachment", null));
    assertThat(v.get(sig(7))).isEqualTo(new Verdicts.Verdict("delete",
        "orphan: subject sha256:000000000000 is gone", "orphan", null));
    assertThat(v.get(sig(8))).isEqualTo(new Verdicts.Verdict("keep",
        "matches --keep sha256-0+8\\.sig", "orphan", null));
    assertThat(v.get(sig(9))).isEqualTo(new Verdicts.Verdict("keep", "protected digest",
        "orphan", null));

    Map<String, String> kept = new LinkedHashMap<>(Map.of("new", d(2), sig(2), d(50)));
    Scanner.RepoScan keptSubject = scan(kept, Map.of(), image(2, day(2)), image(50, day(1)));
    Policy keepSig = new Policy(1, null, Pattern.compile("sha256-.*"), null, Set.of(d(50)), true);
    assertThat(Verdicts.evaluate(keptSubject, keepSig, RankingTest.NOW).get(sig(2)).kind())
        .isEqualTo("attachment");
    Policy protectSig = new Policy(1, null, null, null, Set.of(d(50)), true);
    assertThat(Verdicts.evaluate(keptSubject, protectSig, RankingTest.NOW).get(sig(2)))
        .isEqualTo(new Verdicts.Verdict("keep", "protected digest", "attachment", null));
  }

  @Test
  void aTagOnAKeptSignatureKeepsThatManifest() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("old", d(50)); // the signature manifest also tagged, and old enough to go
    tags.put("new", d(2));
    tags.put(sig(2), d(50));
    Scanner.RepoScan s = scan(tags, Map.of(), image(2, day(5)), image(50, day(1)));

    Map<String, Verdicts.Verdict> v = RankingTest.evaluate(s, RankingTest.keepLast(1));

    assertThat(v.get(sig(2)).verdict()).isEqualTo("keep");
    assertThat(v.get("old")).isEqualTo(new Verdicts.Verdict("keep",
        "same image as kept tag " + sig(2), "image", null));
  }

  @Test
  void anImageRanksByTheHighestVersionAmongItsTags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("1.0.0", d(1));
    tags.put("3.0.0", d(1));
    tags.put("1.5.0", d(1));
    tags.put("2.0.0", d(2));
    Scanner.RepoScan s = scan(tags, Map.of(), image(1, day(1)), image(2, day(2)));
    Policy policy = new Policy(1, null, null, null, Set.of(), true, Policy.Order.SEMVER);

    Map<String, Verdicts.Verdict> v = RankingTest.evaluate(s, policy);

    assertThat(v.get("1.0.0").verdict()).isEqualTo("keep");
    assertThat(v.get("2.0.0").reason())
        .isEqualTo("not one of the 1 newest versions (--keep-last, --order semver)");
  }

  @Test
  void prereleaseWordsCompareAsTextAndAboveNumbers() {
    assertThat(SemVer.parse("1.0.0-beta").orElseThrow()
        .compareTo(SemVer.parse("1.0.0-alpha").orElseThrow())).isPositive();
    assertThat(SemVer.parse("1.0.0-alpha").orElseThrow()
        .compareTo(SemVer.parse("1.0.0-beta").orElseThrow())).isNegative();
    // a number ranks below a word (semver.org, 11.4.3)
    assertThat(SemVer.parse("1.0.0-1").orElseThrow()
        .compareTo(SemVer.parse("1.0.0-alpha").orElseThrow())).isNegative();
    assertThat(SemVer.parse("1.0.0-alpha").orElseThrow()
        .compareTo(SemVer.parse("1.0.0-1").orElseThrow())).isPositive();
  }

  @Test
  void semverNotesCountTiesAboveTheShared() {
    Map<Verdicts.Unranked, Integer> counts = new EnumMap<>(Verdicts.Unranked.class);
    counts.put(Verdicts.Unranked.NOT_SEMVER, 2);
    counts.put(Verdicts.Unranked.SAME_VERSION, 2);
    counts.put(Verdicts.Unranked.ABOVE_TIE, 3);
    Policy semver = new Policy(1, null, null, null, Set.of(), true, Policy.Order.SEMVER);

    List<String> notes = UnrankedNotes.of(counts, semver);

    assertThat(notes).containsExactly("2 tags were kept because --order semver ranks only tags"
        + " that are versions (v1, 1.4, 1.4.2, v2.0.0-rc.1); use --keep or --only to say what to"
        + " do with the others", "5 tags were kept because different images have tags of the"
        + " same version (v1.2.3 and 1.2.3), which cannot rank them; fix: remove the extra tag,"
        + " or rank by creation time (--order created)");
  }

  @Test
  void referrersAndAttachmentsGoFirstThenChildrenThenWhatWasTagged() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("old", d(10));
    tags.put("new", d(2));
    tags.put(sig(10), d(50));
    Scanner.RepoScan s = scan(tags, Map.of(d(10), List.of(d(60))), index(10, 1),
        image(1, day(1)), image(2, day(5)), image(50, day(1)), image(60, day(1)));
    Map<String, Verdicts.Verdict> verdicts = RankingTest.evaluate(s, RankingTest.keepLast(1));

    MarkSweep.Result r = MarkSweep.sweep(List.of(s), Map.of("app", verdicts));

    assertThat(r.deletions()).extracting(Deletion::digest, Deletion::kind).containsExactly(
        org.assertj.core.groups.Tuple.tuple(d(50), "attachment"),
        org.assertj.core.groups.Tuple.tuple(d(60), "referrer"),
        org.assertj.core.groups.Tuple.tuple(d(1), "child"),
        org.assertj.core.groups.Tuple.tuple(d(10), "index"));
    assertThat(r.reclaimableByRepository().get("app")).containsExactlyInAnyOrder(d(10), d(1),
        d(1001), d(2001), d(50), d(1050), d(2050), d(60), d(1060), d(2060));
    assertThat(r.reclaimable()).doesNotContainKeys(d(2), d(1002), d(2002));
  }

  @Test
  void whatAnImageReachesIsItsIndexChildrenAndTheirBlobsNotItsReferrers() {
    Scanner.RepoScan s = scan(Map.of(), Map.of(d(10), List.of(d(60))), index(10, 1, 2),
        image(1, day(1)), image(60, day(1)));
    Map<String, Long> reach = MarkSweep.reach(s, d(10));
    assertThat(reach).containsOnly(Map.entry(d(10), 10L), Map.entry(d(1), 10L),
        Map.entry(d(1001), 100L), Map.entry(d(2001), 1000L));
  }
}
