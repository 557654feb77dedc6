package dev.slim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.registry.RegistryClient;
import dev.slim.testing.RegistryExtension;
import dev.slim.testing.TinyImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slim report} against a hostile registry: a {@link PagingProxy} in front of Debian's
 * docker-registry loops its tag pages, lists a million tags on one page, redirects a manifest to
 * a 404, lists names slim does not accept; the registry itself stores a manifest with absurd
 * sizes. Each run ends, in a JVM with a 256 MB heap, with the rest of the report and what was
 * skipped and why.
 */
class HostileRegistryIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SMALL_HEAP = List.of("-Xmx256m");

  @TempDir Path tmp;

  @BeforeAll
  static void images() throws Exception {
    RegistryClient client = RegistryClient.builder(registry.host()).build();
    push(client, "hostile/ok", "v1", "2020-01-01T00:00:00Z", 1, null);
    push(client, "hostile/ok", "v2", "2021-01-01T00:00:00Z", 2, null);
    push(client, "hostile/big", "fine", "2021-01-01T00:00:00Z", 3, null);
    push(client, "hostile/big", "huge", "2021-01-01T00:00:00Z", 4, Long.MAX_VALUE - 100);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aTagListThatLoopsIsSkippedAndTheRestIsReported() throws Exception {
    try (PagingProxy proxy = new PagingProxy(registry.host())) {
      proxy.repeatingRepository = "hostile/loop";
      Path json = tmp.resolve("loop.json");

      SlimProcess.Run run = SlimProcess.run(tmp, SMALL_HEAP, Map.of(), null, "report",
          proxy.host() + "/hostile/ok", proxy.host() + "/hostile/loop", "--json", json.toString());

      assertThat(run.exit()).as(run.all()).isZero();
      assertThat(proxy.tagPages.get()).as("one page of hostile/ok, two of hostile/loop")
          .isEqualTo(3);
      String reason = "tag list not read: registry " + proxy.host() + " sends the tag list of"
          + " hostile/loop in a loop: page 2 links to /v2/hostile/loop/tags/list?n=100&last=a"
          + " again; cannot list the tags of hostile/loop";
      assertThat(run.out()).contains("skipped:     1 repository, 0 tags: not read, not in the"
          + " figures above\n", "skipped:     hostile/loop: " + reason + "\n");
      JsonNode report = JSON.readTree(json.toFile());
      assertThat(report.path("totals").path("skippedRepositories").asInt()).isEqualTo(1);
      assertThat(report.path("totals").path("tags").asInt()).isEqualTo(2);
      assertThat(report.path("repositories")).singleElement()
          .satisfies(r -> assertThat(r.path("repository").asText()).isEqualTo("hostile/ok"));
      JsonNode skipped = report.path("skipped").get(0);
      assertThat(skipped.path("repository").asText()).isEqualTo("hostile/loop");
      assertThat(skipped.path("tag").isNull()).isTrue();
      assertThat(skipped.path("reason").asText()).isEqualTo(reason);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aTagListThatNeverEndsStopsPastMaxTags() throws Exception {
    try (PagingProxy proxy = new PagingProxy(registry.host())) {
      proxy.endlessRepository = "hostile/endless";

      SlimProcess.Run run = SlimProcess.run(tmp, SMALL_HEAP, Map.of(), null, "report",
          proxy.host() + "/hostile/endless");

      assertThat(run.exit()).as(run.all()).isEqualTo(4);
      // a run slower than 5 s (a loaded machine) prints a plain progress line first
      String err = run.err().replaceAll("(?m)^report: .* requests/s\n", "");
      assertThat(err).as(run.err()).isEqualTo("slim: nothing could be read: hostile/endless:"
          + " more than 10000 tags: slim report reads at most 10000 tags per repository (raise it with"
          + " --max-tags)\n");
      assertThat(proxy.tagPages.get()).as("pages of 100 until one past 10000").isEqualTo(101);
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void onePageOfAMillionTagsIsReadOnlyToTheLimitInASmallHeap() throws Exception {
    try (PagingProxy proxy = new PagingProxy(registry.host())) {
      proxy.hugeRepository = "hostile/huge";

      SlimProcess.Run run = SlimProcess.run(tmp, SMALL_HEAP, Map.of(), null, "report",
          proxy.host() + "/hostile/huge", proxy.host() + "/hostile/ok");

      assertThat(run.exit()).as(run.all()).isZero();
      assertThat(run.out()).contains("skipped:     hostile/huge: more than 10000 tags: slim"
          + " report reads at most 10000 tags per repository (raise it with --max-tags)\n");
      assertThat(run.out()).contains("delete:      0 of 2 tags");
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void maxTagsSetsTheLimit() throws Exception {
    SlimProcess.Run one = SlimProcess.run(tmp, SMALL_HEAP, Map.of(), null, "report",
        registry.host() + "/hostile/ok", "--max-tags", "1");
    SlimProcess.Run two = SlimProcess.run(tmp, SMALL_HEAP, Map.of(), null, "report",
        registry.host() + "/hostile/ok", "--max-tags", "2");
    SlimProcess.Run zero = SlimProcess.run(tmp, SMALL_HEAP, Map.of(), null, "report",
        registry.host() + "/hostile/ok", "--max-tags", "0");

    assertThat(one.exit()).as(one.all()).isEqualTo(4);
    assertThat(one.err()).isEqualTo("slim: nothing could be read: hostile/ok: more than 1 tag:"
        + " slim report reads at most 1 tag per repository (raise it with --max-tags)\n");
    assertThat(two.exit()).as(two.all()).isZero();
    assertThat(two.out()).doesNotContain("skipped:");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).startsWith("slim: --max-tags must be a number from 1 to 2147483646\n");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aManifestReadRedirectedToA404IsSkippedAndItsRepositoryKept() throws Exception {
    try (PagingProxy proxy = new PagingProxy(registry.host())) {
      proxy.redirectedTag = "hostile/ok:v1";
      Path json = tmp.resolve("redirect.json");

      SlimProcess.Run run = SlimProcess.run(tmp, SMALL_HEAP, Map.of(), null, "report",
          proxy.host() + "/hostile/ok", "--keep-last", "0", "--json", json.toString());

      assertThat(run.exit()).as(run.all()).isZero();
      String reason = "manifest read failed: registry " + proxy.host() + " redirected the read"
          + " of manifest hostile/ok:v1 to http://" + proxy.host()
          + "/gone/v2/hostile/ok/manifests/v1, which answered 404 Not Found";
      assertThat(run.out()).contains("skipped:     hostile/ok:v1: " + reason + "\n")
          .doesNotContain("secret");
      JsonNode report = JSON.readTree(json.toFile());
      assertThat(report.path("totals").path("skippedTags").asInt()).isEqualTo(1);
      assertThat(report.path("skipped").get(0).path("tag").asText()).isEqualTo("v1");
      assertThat(report.path("skipped").get(0).path("reason").asText()).isEqualTo(reason);
      JsonNode v2 = report.path("tags").get(0);
      assertThat(v2.path("tag").asText()).isEqualTo("v2");
      assertThat(v2.path("verdict").asText()).isEqualTo("keep");
      assertThat(v2.path("reason").asText()).isEqualTo("kept: 1 tag of this repository could"
          + " not be read (see skipped), so nothing in it is deleted");
      assertThat(report.path("deletions")).isEmpty();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void namesThatFailValidationAreSkippedAndTheReportGoesOn() throws Exception {
    try (PagingProxy proxy = new PagingProxy(registry.host())) {
      proxy.extraTags.put("hostile/ok", List.of("-bad"));
      proxy.extraRepositories.add("Bad/Repo");
      Path json = tmp.resolve("names.json");

      SlimProcess.Run run = SlimProcess.run(tmp, SMALL_HEAP, Map.of(), null, "report",
          proxy.host(), "--json", json.toString());

      assertThat(run.exit()).as(run.all()).isZero();
      assertThat(run.out())
          .contains("skipped:     Bad/Repo: invalid repository name: repository name must be"
              + " lowercase\n")
          .contains("skipped:     hostile/ok:-bad: invalid tag name: tag \"-bad\" may contain"
              + " only letters, digits, '_', '.' and '-', must not start with '.' or '-', and"
              + " has at most 128 characters\n");
      JsonNode report = JSON.readTree(json.toFile());
      List<String> tags = new ArrayList<>();
      report.path("tags").forEach(t -> tags.add(t.path("repository").asText() + ":"
          + t.path("tag").asText()));
      assertThat(tags).contains("hostile/ok:v1", "hostile/ok:v2", "hostile/big:fine");
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aManifestWithAbsurdSizesIsSkippedNotSummed() throws Exception {
    Path json = tmp.resolve("big.json");

    SlimProcess.Run run = SlimProcess.run(tmp, SMALL_HEAP, Map.of(), null, "report",
        registry.host() + "/hostile/big", "--json", json.toString());

    assertThat(run.exit()).as(run.all()).isZero();
    JsonNode report = JSON.readTree(json.toFile());
    JsonNode skipped = report.path("skipped").get(0);
    assertThat(skipped.path("tag").asText()).isEqualTo("huge");
    assertThat(skipped.path("reason").asText()).matches("manifest sha256:[0-9a-f]{64} declares"
        + " blob sha256:[0-9a-f]{64} with a size of 9223372036854775707 bytes, which is not"
        + " plausible \\(0 to 1 PiB\\): not counted");
    assertThat(report.path("totals").path("logicalBytes").asLong()).isBetween(1L, 10_000L);
    assertThat(report.path("totals").path("storedBytes").asLong()).isBetween(1L, 10_000L);
    assertThat(run.out()).doesNotContainPattern("-[0-9.]+ [KMGTPE]?i?B");
  }

  // ---------------------------------------------------------------------------------------------

  /** Pushes a one-layer image; {@code layerSize} overrides the size its manifest declares. */
  private static void push(RegistryClient client, String repo, String tag, String created,
      int seed, Long layerSize) throws Exception {
    TinyImage.push(client, repo, tag, created, "hostile layer " + seed, layerSize);
  }
}
