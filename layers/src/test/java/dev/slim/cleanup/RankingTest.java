package dev.slim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.oci.Descriptor;
import dev.slim.oci.MediaTypes;
import dev.slim.registry.ConfigSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Retention never acts on times (or versions) that cannot rank images: unknown creation times (at
 * or before 1980, or missing) and shared ones keep their images, with the reason.
 */
class RankingTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  static String d(int n) {
    return "sha256:" + String.format("%064x", n);
  }

  /** One image per tag, in order; {@code times[i]} is tag {@code tags[i]}'s creation time. */
  static Scanner.RepoScan repo(List<String> tags, List<Instant> times) {
    Map<String, String> tagMap = new LinkedHashMap<>();
    Map<String, Scanner.Node> nodes = new HashMap<>();
    for (int i = 0; i < tags.size(); i++) {
      String digest = d(i + 1);
      tagMap.put(tags.get(i), digest);
      nodes.put(digest, new Scanner.Node(digest, MediaTypes.OCI_MANIFEST, 10,
          List.of(new Descriptor("application/vnd.oci.image.config.v1+json", d(1000 + i), 100),
              new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", d(2000 + i), 1000)),
          List.of(), new ConfigSummary(times.get(i), "linux", "amd64", null, List.of())));
    }
    return new Scanner.RepoScan("r.example", "team/svc", tagMap, nodes, Map.of(), Set.of());
  }

  static Instant day(int n) {
    return Instant.parse("2025-01-01T00:00:00Z").plus(Duration.ofDays(n));
  }

  static Policy keepLast(int n) {
    return new Policy(n, null, null, null, Set.of(), true);
  }

  static Map<String, Verdicts.Verdict> evaluate(Scanner.RepoScan scan, Policy policy) {
    return Verdicts.evaluate(scan, policy, NOW);
  }

  private static Map<String, String> reasons(Map<String, Verdicts.Verdict> v) {
    Map<String, String> out = new LinkedHashMap<>();
    v.forEach((tag, verdict) -> out.put(tag, verdict.verdict() + ": " + verdict.reason()));
    return out;
  }

  @Test
  void threeImagesAtTheEpochAreAllKeptAndTheReasonSaysWhy() {
    Scanner.RepoScan s = repo(List.of("v1", "v2", "v3"),
        List.of(Instant.EPOCH, Instant.EPOCH, Instant.EPOCH));
    Map<String, Verdicts.Verdict> v = evaluate(s, keepLast(1));
    assertThat(v.values()).allSatisfy(x -> {
      assertThat(x.verdict()).isEqualTo("keep");
      assertThat(x.reason()).isEqualTo(
          "creation time unknown (1970-01-01): cannot rank by age (--keep-last)");
      assertThat(x.unranked()).isEqualTo(Verdicts.Unranked.UNKNOWN_TIME);
    });
    v = evaluate(s, new Policy(null, Duration.ofDays(30), null, null, Set.of(), true));
    assertThat(v.get("v3").reason()).as("an image pushed today is not 56 years old").isEqualTo(
        "creation time unknown (1970-01-01): cannot tell its age (--older-than 30d)");
    assertThat(v.values()).extracting(Verdicts.Verdict::verdict).containsOnly("keep");
  }

  @Test
  void realTimesRankAsBefore() {
    Scanner.RepoScan s = repo(List.of("v1", "v2", "v3"), List.of(day(1), day(2), day(3)));
    assertThat(reasons(evaluate(s, keepLast(1)))).containsExactly(
        Map.entry("v1", "delete: not one of the 1 newest (--keep-last)"),
        Map.entry("v2", "delete: not one of the 1 newest (--keep-last)"),
        Map.entry("v3", "keep: one of the 1 newest (--keep-last)"));
  }

  @Test
  void unknownTimesAreKeptWhileKnownOnesStillRank() {
    Scanner.RepoScan s = repo(List.of("old1", "old2", "nix", "none", "v4", "v5", "v6"),
        java.util.Arrays.asList(Instant.EPOCH, Instant.EPOCH,
            Instant.parse("1980-01-01T00:00:00Z"), null, day(4), day(5), day(6)));
    Map<String, String> r = reasons(evaluate(s, keepLast(2)));
    assertThat(r.get("old1")).isEqualTo(
        "keep: creation time unknown (1970-01-01): cannot rank by age (--keep-last)");
    assertThat(r.get("nix")).isEqualTo(
        "keep: creation time unknown (1980-01-01): cannot rank by age (--keep-last)");
    assertThat(r.get("none")).isEqualTo("keep: creation time unknown (none in the image config):"
        + " cannot rank by age (--keep-last)");
    assertThat(r.get("v4")).isEqualTo("delete: not one of the 2 newest (--keep-last)");
    assertThat(r.get("v5")).isEqualTo("keep: one of the 2 newest (--keep-last)");
    assertThat(r.get("v6")).isEqualTo("keep: one of the 2 newest (--keep-last)");
  }

  @Test
  void imagesSharingATimeAreKeptAndSoIsEveryImageNewerThanThem() {
    // Two images of one commit (v2, v2-debug); nothing newer than them may go while they stay.
    Scanner.RepoScan s = repo(List.of("v0", "v1", "v2", "v2-debug", "v3", "v4"),
        List.of(day(0), day(1), day(2), day(2), day(3), day(4)));
    Map<String, String> r = reasons(evaluate(s, keepLast(1)));
    assertThat(r).containsExactly(
        Map.entry("v0", "delete: not one of the 1 newest (--keep-last)"),
        Map.entry("v1", "delete: not one of the 1 newest (--keep-last)"),
        Map.entry("v2", "keep: same creation time as v2-debug (2025-01-03T00:00:00Z): cannot"
            + " rank by age (--keep-last)"),
        Map.entry("v2-debug", "keep: same creation time as v2 (2025-01-03T00:00:00Z): cannot"
            + " rank by age (--keep-last)"),
        Map.entry("v3", "keep: newer than v2, which is kept (its creation time is shared):"
            + " deleting this would keep an older image (--keep-last)"),
        Map.entry("v4", "keep: one of the 1 newest (--keep-last)"));
  }

  @Test
  void aTieWithinTheNewestNeedsNoRankingAndNothingBelowIsHeldBack() {
    Scanner.RepoScan s = repo(List.of("a", "b", "c", "d"), List.of(day(9), day(9), day(5),
        day(1)));
    Map<String, String> r = reasons(evaluate(s, keepLast(2)));
    assertThat(r.get("a")).isEqualTo("keep: one of the 2 newest (--keep-last)");
    assertThat(r.get("b")).isEqualTo("keep: one of the 2 newest (--keep-last)");
    assertThat(r.get("c")).startsWith("delete");
    assertThat(r.get("d")).startsWith("delete");
    // Keep 1: which of a and b is newest cannot be told, so both stay; c and d are older.
    r = reasons(evaluate(s, keepLast(1)));
    assertThat(r.get("a")).startsWith("keep: same creation time as b");
    assertThat(r.get("c")).startsWith("delete");
  }

  @Test
  void whenNothingNeedsRankingUnknownTimesDoNotMatter() {
    Scanner.RepoScan s = repo(List.of("v1", "v2"), List.of(Instant.EPOCH, Instant.EPOCH));
    assertThat(evaluate(s, keepLast(2)).values()).extracting(Verdicts.Verdict::reason)
        .containsOnly("one of the 2 newest (--keep-last)");
    assertThat(evaluate(s, keepLast(0)).values()).extracting(Verdicts.Verdict::reason)
        .as("--keep-last 0 keeps none, whatever the times")
        .containsOnly("not one of the 0 newest (--keep-last)");
  }

  @Test
  void olderThanKeepsSharedTimesItWouldDelete() {
    Scanner.RepoScan s = repo(List.of("a", "b", "c", "new1", "new2"),
        List.of(day(0), day(0), day(1), NOW.minus(Duration.ofDays(1)),
            NOW.minus(Duration.ofDays(1))));
    Map<String, String> r = reasons(evaluate(s,
        new Policy(null, Duration.ofDays(30), null, null, Set.of(), true)));
    assertThat(r.get("a")).isEqualTo("keep: same creation time as b (2025-01-01T00:00:00Z):"
        + " cannot tell its age (--older-than 30d)");
    assertThat(r.get("c")).isEqualTo("delete: older than 30d (--older-than)");
    assertThat(r.get("new1")).isEqualTo("keep: newer than 30d (--older-than)");
  }

  @Test
  void bothRulesMustSayDelete() {
    Scanner.RepoScan s = repo(List.of("v1", "v2", "v3", "v4"),
        List.of(Instant.EPOCH, day(1), day(2), NOW.minus(Duration.ofDays(2))));
    Map<String, String> r = reasons(evaluate(s,
        new Policy(1, Duration.ofDays(30), null, null, Set.of(), true)));
    assertThat(r.get("v1")).isEqualTo(
        "keep: creation time unknown (1970-01-01): cannot rank by age (--keep-last)");
    assertThat(r.get("v2")).isEqualTo(
        "delete: older than 30d (--older-than), not one of the 1 newest");
    assertThat(r.get("v4")).isEqualTo("keep: one of the 1 newest (--keep-last)");
  }

  @Test
  void semverRanksByTheTagsVersionsWhateverTheTimes() {
    Scanner.RepoScan s = repo(List.of("v1", "v2", "v10", "v2.1.0-rc.1", "main", "v2.1.0"),
        List.of(Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH,
            Instant.EPOCH));
    Policy policy = new Policy(2, null, null, null, Set.of(), true, Policy.Order.SEMVER);
    assertThat(reasons(evaluate(s, policy))).containsExactly(
        Map.entry("v1", "delete: not one of the 2 newest versions (--keep-last, --order semver)"),
        Map.entry("v2", "delete: not one of the 2 newest versions (--keep-last, --order semver)"),
        Map.entry("v10", "keep: one of the 2 newest versions (--keep-last, --order semver)"),
        Map.entry("v2.1.0-rc.1",
            "delete: not one of the 2 newest versions (--keep-last, --order semver)"),
        Map.entry("main", "keep: not a version (such as v1, 1.4, 1.4.2, v2.0.0-rc.1): cannot"
            + " rank by version (--keep-last, --order semver)"),
        Map.entry("v2.1.0", "keep: one of the 2 newest versions (--keep-last, --order semver)"));
    assertThat(Cleanup.describe(policy)).isEqualTo("--keep-last 2, --order semver, latest kept");
  }

  @Test
  void semverKeepsTheSameVersionOnTwoImages() {
    Scanner.RepoScan s = repo(List.of("1.0.0", "v1.2.3", "1.2.3", "2.0.0"),
        List.of(day(1), day(2), day(3), day(4)));
    Map<String, String> r = reasons(evaluate(s,
        new Policy(1, null, null, null, Set.of(), true, Policy.Order.SEMVER)));
    assertThat(r.get("v1.2.3")).isEqualTo("keep: same version as 1.2.3 (1.2.3): cannot rank by"
        + " version (--keep-last, --order semver)");
    assertThat(r.get("1.0.0")).startsWith("delete");
    assertThat(r.get("2.0.0")).startsWith("keep: one of the 1 newest versions");
  }

  @Test
  void anOrderOtherThanCreatedNeedsKeepLast() {
    assertThatThrownBy(() -> new Policy(null, Duration.ofDays(1), null, null, Set.of(), true,
        Policy.Order.SEMVER))
        .hasMessage("--order semver ranks images for --keep-last: give --keep-last N too");
    assertThat(Policy.Order.parse("SemVer")).isEqualTo(Policy.Order.SEMVER);
    assertThatThrownBy(() -> Policy.Order.parse("date"))
        .hasMessage("--order must be created or semver, not \"date\"");
  }

  @Test
  void notesNameTheFix() {
    Map<Verdicts.Unranked, Integer> counts = new EnumMap<>(Verdicts.Unranked.class);
    counts.put(Verdicts.Unranked.UNKNOWN_TIME, 3);
    counts.put(Verdicts.Unranked.SAME_TIME, 2);
    counts.put(Verdicts.Unranked.ABOVE_TIE, 1);
    List<String> notes = UnrankedNotes.of(counts, keepLast(1));
    assertThat(notes).hasSize(2);
    assertThat(notes.get(0)).startsWith("3 tags were kept because the image's creation time is"
        + " unknown").contains("slim build --created TIME, SOURCE_DATE_EPOCH, or from a git"
        + " checkout").endsWith("or rank by the tags' versions with --order semver");
    assertThat(notes.get(1)).startsWith("3 tags were kept because images share a creation time");
    assertThat(UnrankedNotes.of(counts,
        new Policy(null, Duration.ofDays(3), null, null, Set.of(), true)).get(0))
        .endsWith("with --keep-last N --order semver");
    assertThat(UnrankedNotes.of(new EnumMap<>(Verdicts.Unranked.class), keepLast(1)))
        .isEmpty();
  }

  @Test
  void tagsOfOneImageAreOneImage() {
    // v3 and stable are one image: no tie, and one kept tag keeps both.
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("v1", d(1));
    tags.put("v3", d(3));
    tags.put("stable", d(3));
    Scanner.RepoScan base = repo(List.of("v1", "x", "v3"), List.of(day(1), day(2), day(3)));
    Map<String, Scanner.Node> nodes = new HashMap<>(base.nodes());
    Scanner.RepoScan s = new Scanner.RepoScan("r.example", "team/svc", tags, nodes, Map.of(),
        Set.of());
    Map<String, Verdicts.Verdict> v = evaluate(s, keepLast(1));
    assertThat(v.get("v3").reason()).isEqualTo("one of the 1 newest (--keep-last)");
    assertThat(v.get("stable").reason()).isEqualTo("one of the 1 newest (--keep-last)");
    assertThat(v.get("v1").verdict()).isEqualTo("delete");
    List<String> deleted = new ArrayList<>();
    v.forEach((t, x) -> {
      if (x.deleted()) {
        deleted.add(t);
      }
    });
    assertThat(deleted).containsExactly("v1");
  }
}
