package dev.slim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.oci.Descriptor;
import dev.slim.oci.MediaTypes;
import dev.slim.registry.ConfigSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PolicyAndSweepTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final String CONFIG = "application/vnd.oci.image.config.v1+json";

  private static String d(int n) {
    return "sha256:" + String.format("%064x", n);
  }

  private static Scanner.Node image(int digest, int config, Instant created, int... layers) {
    List<Descriptor> blobs = new java.util.ArrayList<>();
    blobs.add(new Descriptor(CONFIG, d(config), 100));
    for (int l : layers) {
      blobs.add(new Descriptor(LAYER, d(l), 1000L * l));
    }
    return new Scanner.Node(d(digest), MediaTypes.OCI_MANIFEST, 10, blobs, List.of(),
        new ConfigSummary(created, "linux", "amd64", null, List.of()));
  }

  private static Scanner.RepoScan scan(String repo, Map<String, String> tags,
      Scanner.Node... nodes) {
    Map<String, Scanner.Node> byDigest = new HashMap<>();
    for (Scanner.Node n : nodes) {
      byDigest.put(n.digest(), n);
    }
    return new Scanner.RepoScan("r.example", repo, tags, byDigest, Map.of(), Set.of());
  }

  private static Instant daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  @Test
  void keepsTheNewestAndLatestAndSaysWhichRuleDecided() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("latest", d(1));
    tags.put("v1", d(1));
    tags.put("v2", d(2));
    tags.put("v3", d(3));
    tags.put("release-1", d(4));
    Scanner.RepoScan s = scan("app", tags, image(1, 11, daysAgo(400), 100),
        image(2, 12, daysAgo(300), 100), image(3, 13, daysAgo(5), 100),
        image(4, 14, daysAgo(500), 100));
    Policy policy = new Policy(1, Duration.ofDays(30), Pattern.compile("release-.*"), null,
        Set.of(), true);
    Map<String, Verdicts.Verdict> v = Verdicts.evaluate(s, policy, NOW);
    assertThat(v.get("latest").reason()).isEqualTo("latest is always kept");
    assertThat(v.get("v1").verdict()).isEqualTo("keep");
    assertThat(v.get("v1").reason()).isEqualTo("same image as kept tag latest");
    assertThat(v.get("v2").verdict()).isEqualTo("delete");
    assertThat(v.get("v2").reason()).isEqualTo("older than 30d (--older-than), not one of the 1"
        + " newest");
    assertThat(v.get("v3").reason()).isEqualTo("one of the 1 newest (--keep-last)");
    assertThat(v.get("release-1").reason()).isEqualTo("matches --keep release-.*");
  }

  @Test
  void orphanAttachmentsAreDeletedAndAttachmentsFollowTheirSubject() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("old", d(2));
    tags.put("new", d(3));
    tags.put("sha256-" + d(2).substring(7) + ".sig", d(5));
    tags.put("sha256-" + d(3).substring(7) + ".att", d(6));
    tags.put("sha256-" + d(99).substring(7) + ".sbom", d(7));
    Scanner.RepoScan s = scan("app", tags, image(2, 12, daysAgo(300), 100),
        image(3, 13, daysAgo(1), 101), image(5, 15, daysAgo(1), 105),
        image(6, 16, daysAgo(1), 106), image(7, 17, daysAgo(1), 107));
    Map<String, Verdicts.Verdict> v = Verdicts.evaluate(s,
        new Policy(null, Duration.ofDays(30), null, null, Set.of(), true), NOW);
    assertThat(v.get("old").verdict()).isEqualTo("delete");
    assertThat(v.get("sha256-" + d(2).substring(7) + ".sig").reason())
        .startsWith("attached to deleted image");
    assertThat(v.get("sha256-" + d(3).substring(7) + ".att").verdict()).isEqualTo("keep");
    Verdicts.Verdict orphan = v.get("sha256-" + d(99).substring(7) + ".sbom");
    assertThat(orphan.kind()).isEqualTo("orphan");
    assertThat(orphan.verdict()).isEqualTo("delete");
  }

  @Test
  void aBlobIsReclaimableOnlyWhenEveryManifestUsingItIsDeleted() {
    Map<String, String> app = new LinkedHashMap<>();
    app.put("a", d(1)); // layers 100 (shared with b) and 200 (own)
    app.put("b", d(2)); // layers 100 and 300
    Map<String, String> other = new LinkedHashMap<>();
    other.put("c", d(3)); // layer 200, in another repository
    Scanner.RepoScan s1 = scan("app", app, image(1, 11, daysAgo(400), 100, 200),
        image(2, 12, daysAgo(1), 100, 300));
    Scanner.RepoScan s2 = scan("other", other, image(3, 13, daysAgo(1), 200));
    Policy policy = new Policy(null, Duration.ofDays(30), null, null, Set.of(), true);
    Map<String, Map<String, Verdicts.Verdict>> verdicts = Map.of(
        "app", Verdicts.evaluate(s1, policy, NOW), "other", Verdicts.evaluate(s2, policy, NOW));
    MarkSweep.Result r = MarkSweep.sweep(List.of(s1, s2), verdicts);
    // Freed: a's manifest (10) and config (100); layers 100 and 200 stay (b and c use them).
    assertThat(r.reclaimable()).containsOnlyKeys(d(1), d(11));
    assertThat(r.reclaimable().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(110);
    assertThat(r.tagsOnly()).containsOnlyKeys(d(100), d(200));
    assertThat(r.deletions()).singleElement()
        .satisfies(x -> assertThat(x.tags()).containsExactly("a"));
  }

  @Test
  void anIndexWhoseChildrenAreAllGoneIsAnOrphanEvenWhenEverythingIsKept() {
    // what an --apply stopped between an index's children and the index itself leaves
    Scanner.Node index = new Scanner.Node(d(20), MediaTypes.OCI_INDEX, 20, List.of(),
        List.of(d(21), d(22)), null);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("multi", d(20));
    tags.put("plain", d(1));
    Scanner.RepoScan s = scan("app", tags, index, image(1, 11, daysAgo(400), 100));
    Map<String, Verdicts.Verdict> v = Verdicts.evaluate(s, Policy.keepAll(), NOW);
    assertThat(v.get("multi").verdict()).isEqualTo("delete");
    assertThat(v.get("multi").kind()).isEqualTo("orphan");
    assertThat(v.get("plain").verdict()).isEqualTo("keep");
    MarkSweep.Result r = MarkSweep.sweep(List.of(s), Map.of("app", v));
    assertThat(r.deletions()).singleElement()
        .satisfies(x -> assertThat(x.digest()).isEqualTo(d(20)));
    assertThat(r.freed().values()).containsExactly(20L);
  }

  @Test
  void deletingAnIndexDeletesAndFreesItsChildren() {
    Scanner.Node child1 = image(21, 31, daysAgo(400), 500);
    Scanner.Node child2 = image(22, 32, daysAgo(400), 600);
    Scanner.Node index = new Scanner.Node(d(20), MediaTypes.OCI_INDEX, 20, List.of(),
        List.of(d(21), d(22)), null);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("multi", d(20));
    Scanner.RepoScan s = scan("app", tags, index, child1, child2);
    Policy policy = new Policy(0, null, null, null, Set.of(), true);
    assertThat(Verdicts.created(s, d(20))).isEqualTo(daysAgo(400));
    MarkSweep.Result r = MarkSweep.sweep(List.of(s),
        Map.of("app", Verdicts.evaluate(s, policy, NOW)));
    assertThat(r.deletions()).extracting(CleanupReport.Deletion::kind)
        .as("children first: a killed --apply leaves them reachable from the index's tag")
        .containsExactly("child", "child", "index");
    assertThat(r.reclaimable().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(20 + 10 + 100 + 500_000 + 10 + 100 + 600_000);
  }

  @Test
  void protectedDigestsAndOnlyKeepTags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("pr-1", d(1));
    tags.put("pr-2", d(2));
    tags.put("main", d(3));
    Scanner.RepoScan s = scan("app", tags, image(1, 11, daysAgo(400), 100),
        image(2, 12, daysAgo(400), 101), image(3, 13, daysAgo(400), 102));
    Map<String, Verdicts.Verdict> v = Verdicts.evaluate(s, new Policy(null, Duration.ofDays(1),
        null, Pattern.compile("pr-.*"), Set.of(d(2)), true), NOW);
    assertThat(v.get("pr-1").verdict()).isEqualTo("delete");
    assertThat(v.get("pr-2").reason()).isEqualTo("protected digest");
    assertThat(v.get("main").reason()).isEqualTo("not matched by --only pr-.*");
  }

  @Test
  void parsesAgesAndRejectsOthers() {
    assertThat(Policy.parseAge("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(Policy.parseAge("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Policy.parseAge("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(Policy.age(Duration.ofDays(30))).isEqualTo("30d");
    assertThatThrownBy(() -> Policy.parseAge("30 days"))
        .hasMessage("age \"30 days\" must be a number and a unit: s, m, h, d or w (such as 30d)");
  }

  @Test
  void readsTargets() throws Exception {
    assertThat(Cleanup.targets(List.of("127.0.0.1:5000/team/app", "127.0.0.1:5000/x", "r.io")))
        .containsEntry("127.0.0.1:5000", List.of("team/app", "x"))
        .containsEntry("r.io", List.of());
    assertThatThrownBy(() -> Cleanup.targets(List.of("r.io/app:1")))
        .hasMessage("\"r.io/app:1\": name a repository without tag or digest, in lowercase"
            + " (REGISTRY/REPOSITORY)");
  }
}
