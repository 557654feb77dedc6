package dev.slim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryClient;
import dev.slim.testing.RegistryExtension;
import dev.slim.testing.TinyImage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Cleanup#report} against Debian's docker-registry: confirmation and re-checks. */
class CleanupIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();
  private static RegistryClient client;

  @BeforeAll
  static void connect() throws Exception {
    client = RegistryClient.builder(registry.host()).build();
  }

  private static CleanupRequest request(String repo, boolean apply) {
    return new CleanupRequest(List.of(registry.host() + "/" + repo),
        new Policy(1, null, null, null, Set.of(), true), apply, false, null, null, Set.of(), Map.of(),
        Instant.parse("2030-01-01T00:00:00Z"), CleanupRequest.DEFAULT_CONCURRENCY);
  }

  @Test
  void declinedConfirmationDeletesNothing() throws Exception {
    String old = push("it/declined", "old", "2020-01-01T00:00:00Z", 1);
    push("it/declined", "new", "2021-01-01T00:00:00Z", 2);
    CleanupReport report = Cleanup.report(request("it/declined", true), plan -> false);
    assertThat(report.deletions()).hasSize(1);
    assertThat(report.applied().confirmed()).isFalse();
    assertThat(report.applied().deleted()).isEmpty();
    assertThat(client.getManifest("it/declined", "old")).map(Manifest::digest).contains(old);
  }

  @Test
  void withoutApplyNothingChangesAndTheConfirmationIsNotAsked() throws Exception {
    push("it/dry", "old", "2020-01-01T00:00:00Z", 3);
    push("it/dry", "new", "2021-01-01T00:00:00Z", 4);
    CleanupReport report = Cleanup.report(request("it/dry", false), plan -> {
      throw new AssertionError("asked without --apply");
    });
    assertThat(report.applied()).isNull();
    assertThat(report.tags()).extracting(CleanupReport.TagRow::verdict)
        .containsExactlyInAnyOrder("delete", "keep");
    assertThat(client.getManifest("it/dry", "old")).isPresent();
  }

  @Test
  void aTagThatMovedAfterTheReportIsNotDeleted() throws Exception {
    push("it/moved", "old", "2020-01-01T00:00:00Z", 5);
    push("it/moved", "gone", "2020-06-01T00:00:00Z", 6);
    push("it/moved", "new", "2021-01-01T00:00:00Z", 7);
    String[] moved = new String[1];
    CleanupReport report = Cleanup.report(request("it/moved", true), plan -> {
      try {
        // Between the report and the deletion someone pushes a new image to "old".
        moved[0] = push("it/moved", "old", "2022-01-01T00:00:00Z", 8);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return true;
    });
    assertThat(report.applied().confirmed()).isTrue();
    assertThat(report.applied().skipped()).singleElement().asString()
        .contains("tag old now points to " + moved[0]);
    assertThat(report.applied().deleted()).hasSize(1);
    assertThat(client.getManifest("it/moved", "old")).map(Manifest::digest).contains(moved[0]);
    assertThat(client.getManifest("it/moved", "gone")).isEmpty();
    assertThat(report.totals().requests()).isPositive();
  }

  /**
   * What {@code --apply} deletes is exactly what the preview (the same report without it) listed:
   * no more, whatever the times. Unknown and shared times are kept in both.
   */
  @Test
  void applyDeletesExactlyWhatThePreviewShowed() throws Exception {
    String repo = "it/preview";
    push(repo, "epoch-a", "1970-01-01T00:00:00Z", 20);
    push(repo, "epoch-b", "1970-01-01T00:00:00Z", 21);
    push(repo, "zip", "1980-01-01T00:00:00Z", 22);
    push(repo, "v1", "2020-01-01T00:00:00Z", 23);
    push(repo, "v2", "2021-01-01T00:00:00Z", 24);
    push(repo, "v3", "2022-01-01T00:00:00Z", 25);
    push(repo, "v4", "2023-01-01T00:00:00Z", 26);
    push(repo, "v4-debug", "2023-01-01T00:00:00Z", 27);
    push(repo, "v5", "2024-01-01T00:00:00Z", 28);
    push(repo, "v6", "2025-01-01T00:00:00Z", 29);

    CleanupReport preview = Cleanup.report(request(repo, false), plan -> {
      throw new AssertionError("asked without --apply");
    });
    Set<String> shown = new java.util.TreeSet<>();
    preview.deletions().forEach(x -> shown.add(x.repository() + "@" + x.digest()));
    Map<String, String> verdicts = new java.util.TreeMap<>();
    preview.tags().forEach(t -> verdicts.put(t.tag(), t.verdict()));
    assertThat(verdicts).containsExactlyInAnyOrderEntriesOf(Map.of(
        "epoch-a", "keep", "epoch-b", "keep", "zip", "keep",
        "v1", "delete", "v2", "delete", "v3", "delete",
        "v4", "keep", "v4-debug", "keep", "v5", "keep", "v6", "keep"));
    assertThat(preview.tags()).filteredOn(t -> t.tag().startsWith("epoch"))
        .extracting(CleanupReport.TagRow::reason)
        .containsOnly("creation time unknown (1970-01-01): cannot rank by age (--keep-last)");
    assertThat(preview.notes()).anyMatch(n -> n.startsWith("3 tags were kept because the"
        + " image's creation time is unknown"));

    Set<String> confirmed = new java.util.TreeSet<>();
    CleanupReport applied = Cleanup.report(request(repo, true), plan -> {
      plan.deletions().forEach(x -> confirmed.add(x.repository() + "@" + x.digest()));
      return true;
    });
    assertThat(confirmed).as("the plan asked about").isEqualTo(shown);
    assertThat(new java.util.TreeSet<>(applied.applied().deleted()))
        .as("deleted").isEqualTo(shown);
    assertThat(applied.applied().skipped()).isEmpty();
    for (Map.Entry<String, String> e : verdicts.entrySet()) {
      assertThat(client.getManifest(repo, e.getKey())).as(e.getKey())
          .matches(m -> m.isPresent() == e.getValue().equals("keep"));
    }
  }

  private static String push(String repo, String tag, String created, int seed) throws Exception {
    return TinyImage.push(client, repo, tag, created, "layer " + seed + " " + repo, null);
  }
}
