package dev.slim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.cleanup.CleanupReport.Skipped;
import dev.slim.oci.Descriptor;
import dev.slim.oci.MediaTypes;
import dev.slim.registry.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a report skips rather than guesses: implausible sizes (and the indexes reaching them),
 * repositories held because a tag could not be read, and the note and names a user reads.
 */
class SkipsTest {

  private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final String CONFIG = "application/vnd.oci.image.config.v1+json";

  private static String d(int n) {
    return "sha256:" + String.format("%064x", n);
  }

  private static Manifest image(int digest, long layerSize) {
    return new Manifest(MediaTypes.OCI_MANIFEST, d(digest), new byte[0],
        new Descriptor(CONFIG, d(digest + 100), 10), List.of(new Descriptor(LAYER,
        d(digest + 200), layerSize)), List.of());
  }

  private static Manifest index(int digest, int... children) {
    List<Manifest.Child> list = new ArrayList<>();
    for (int c : children) {
      list.add(new Manifest.Child(MediaTypes.OCI_MANIFEST, d(c), 10, "linux", "amd64", null));
    }
    return new Manifest(MediaTypes.OCI_INDEX, d(digest), new byte[0], null, List.of(), list);
  }

  @Test
  void aSizeOfMoreThanOnePebibyteIsSkippedWithTheIndexesReachingIt() {
    Map<String, Manifest> manifests = new LinkedHashMap<>();
    for (Manifest m : List.of(image(1, Skips.MAX_BLOB_BYTES), image(2, Skips.MAX_BLOB_BYTES + 1),
        index(3, 2), index(4, 3), index(5, 1), image(6, 0))) {
      manifests.put(m.digest(), m);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("ok", d(1));
    tags.put("huge", d(2));
    tags.put("multi", d(3));
    tags.put("outer", d(4));
    tags.put("fine", d(5));
    tags.put("empty", d(6));
    List<Skipped> skipped = new ArrayList<>();

    Skips.implausible("r.example", "app", manifests, tags, skipped);

    String why = "manifest " + d(2) + " declares blob " + d(202) + " with a size of "
        + (Skips.MAX_BLOB_BYTES + 1) + " bytes, which is not plausible (0 to 1 PiB): not counted";
    assertThat(manifests.keySet()).containsExactly(d(1), d(5), d(6));
    assertThat(tags.keySet()).containsExactly("ok", "fine", "empty");
    assertThat(skipped).containsExactly(new Skipped("r.example", "app", "huge", why),
        new Skipped("r.example", "app", "multi", why),
        new Skipped("r.example", "app", "outer", why));
  }

  @Test
  void anImplausibleConfigSizeIsSkippedToo() {
    Manifest m = new Manifest(MediaTypes.OCI_MANIFEST, d(1), new byte[0],
        new Descriptor(CONFIG, d(9), Skips.MAX_BLOB_BYTES + 5), List.of(), List.of());
    Map<String, Manifest> manifests = new LinkedHashMap<>(Map.of(d(1), m));
    Map<String, String> tags = new LinkedHashMap<>(Map.of("v1", d(1)));
    List<Skipped> skipped = new ArrayList<>();

    Skips.implausible("r.example", "app", manifests, tags, skipped);

    assertThat(manifests).isEmpty();
    assertThat(skipped).extracting(Skipped::reason).singleElement().asString()
        .startsWith("manifest " + d(1) + " declares blob " + d(9) + " with a size of ");
  }

  @Test
  void aRepositoryWithAnUnreadTagKeepsWhatItWouldHaveDeleted() {
    Scanner.RepoScan scan = new Scanner.RepoScan("r.example", "app", Map.of(), Map.of(),
        Map.of(), Set.of(), List.of(new Skipped("r.example", "app", "broken", "manifest read"
        + " failed"), new Skipped("r.example", "app", "bad tag", "invalid tag name")));
    Map<String, Verdicts.Verdict> verdicts = new LinkedHashMap<>();
    verdicts.put("old", new Verdicts.Verdict(Verdicts.DELETE, "older than 30d", "image"));
    Verdicts.Verdict kept = new Verdicts.Verdict(Verdicts.KEEP, "latest is always kept", "image");
    verdicts.put("latest", kept);

    Map<String, Verdicts.Verdict> held = Skips.hold(scan, verdicts);

    assertThat(held.get("old")).isEqualTo(new Verdicts.Verdict(Verdicts.KEEP, "kept: 2 tags of"
        + " this repository could not be read (see skipped), so nothing in it is deleted",
        "image", null));
    assertThat(held.get("latest")).isSameAs(kept);

    Scanner.RepoScan one = new Scanner.RepoScan("r.example", "app", Map.of(), Map.of(),
        Map.of(), Set.of(), List.of(new Skipped("r.example", "app", "broken", "x")));
    assertThat(Skips.hold(one, verdicts).get("old").reason())
        .isEqualTo("kept: 1 tag of this repository could not be read (see skipped), so nothing"
            + " in it is deleted");
  }

  @Test
  void aWholeSkippedRepositoryHoldsNothingAndCountsAsARepository() {
    Scanner.RepoScan whole = Skips.repository("r.example", "gone", "listing failed");
    Map<String, Verdicts.Verdict> verdicts = Map.of("old",
        new Verdicts.Verdict(Verdicts.DELETE, "older", "image"));
    assertThat(Skips.hold(whole, verdicts)).isSameAs(verdicts);

    List<Skipped> skipped = new ArrayList<>();
    assertThat(Skips.collect(whole, skipped)).isTrue();
    Scanner.RepoScan tagOnly = new Scanner.RepoScan("r.example", "app", Map.of(), Map.of(),
        Map.of(), Set.of(), List.of(new Skipped("r.example", "app", "broken", "x")));
    assertThat(Skips.collect(tagOnly, skipped)).isFalse();
    skipped.add(new Skipped("r.example", "app", "other", "x"));
    assertThat(skipped).hasSize(3);
    assertThat(Skips.repositories(skipped)).isEqualTo(1);
  }

  @Test
  void theNoteCountsRepositoriesAndTagsInTheirSingularAndPlural() {
    List<String> notes = new ArrayList<>();
    Skips.note(List.of(), notes);
    assertThat(notes).isEmpty();

    Skips.note(List.of(new Skipped("r", "a", null, "x"), new Skipped("r", "b", "t", "y")), notes);
    Skips.note(List.of(new Skipped("r", "a", null, "x"), new Skipped("r", "b", null, "x"),
        new Skipped("r", "b", "t", "y"), new Skipped("r", "b", "u", "y"),
        new Skipped("r", "b", "v", "y")), notes);
    String tail = " skipped (see skipped): a repository with a skipped tag keeps every tag, and a"
        + " blob that something skipped also uses stays after garbage collection, so fewer"
        + " bytes may be freed than reclaimable says";
    assertThat(notes).containsExactly("1 repository and 1 tag" + tail,
        "2 repositories and 3 tags" + tail);
  }

  @Test
  void namesSlimCannotUseAreToldAndLongOnesCut() {
    assertThat(Skips.invalidTag("r.example", "app", "v1.2")).isNull();
    assertThat(Skips.invalidTag("r.example", "app", "-bad")).startsWith("invalid tag name: ");
    assertThat(Skips.invalidRepository("r.example", "app/web")).isNull();
    assertThat(Skips.invalidRepository("r.example", "App")).startsWith("invalid repository name: ");

    assertThat(Skips.clip("a".repeat(160))).isEqualTo("a".repeat(160));
    assertThat(Skips.clip("a".repeat(161))).isEqualTo("a".repeat(157) + "...");
  }
}
