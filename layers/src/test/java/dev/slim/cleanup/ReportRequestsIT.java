package dev.slim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.testing.QuirkProxy;
import dev.slim.testing.QuirkProxy.Reply;
import dev.slim.testing.QuirkProxy.Request;
import dev.slim.testing.RegistryLayout;
import dev.slim.testing.RegistryServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code slim report} asks for listings in the fewest requests the API allows: a repository of
 * 2,500 tags that {@link RegistryLayout} wrote into Debian's docker-registry, behind a {@link
 * QuirkProxy} that pages its tag list as Distribution 3 does (the asked {@code n}, at most 1,000;
 * 100 when none is asked; Debian's 2.8 sends every tag in one page whatever {@code n} says).
 */
class ReportRequestsIT {

  /** Capability probes of a report: catalog allowed, delete enabled, referrers API. */
  private static final int PROBES = 3;

  private static final String REPO = RegistryLayout.repository(0);

  @Test
  void readsTwoThousandFiveHundredTagsInThreePagesAndEachManifestAndConfigOnce()
      throws Exception {
    RegistryServer.assumeAvailable();
    try (RegistryServer registry = RegistryServer.start()) {
      RegistryLayout.Summary layout = RegistryLayout.builder().repos(1).tagsPerRepo(2500)
          .manifests(250).indexShare(0.1).sbomShare(0.1).baseLayers(4).seed(15).build()
          .write(registry.storageDir());
      List<String> tags = layout.tags().get(REPO).keySet().stream().sorted().toList();
      assertThat(tags).hasSize(2500);
      try (QuirkProxy proxy = QuirkProxy.start(registry.port())) {
        proxy.on("GET", "/v2/" + REPO + "/tags/list.*", r -> page(tags, r));

        CleanupRequest request = new CleanupRequest(List.of(proxy.host()), Policy.keepAll(),
            false, false, null, null, Set.of(), Map.of(), Instant.parse("2030-01-01T00:00:00Z"),
            CleanupRequest.DEFAULT_CONCURRENCY);
        CleanupReport.Totals totals = Cleanup.report(request, Confirmation.yes()).totals();

        assertThat(totals.tags()).isEqualTo(2500);
        List<Request> tagPages = proxy.seen().stream()
            .filter(r -> r.path().equals("/v2/" + REPO + "/tags/list")).toList();
        assertThat(tagPages).as("2,500 tags in pages of 1,000").hasSize(3)
            .allSatisfy(r -> assertThat(r.query("n")).containsExactly("1000"));
        List<String> catalog = proxy.seen().stream()
            .filter(r -> r.path().equals("/v2/_catalog")).map(r -> r.query("n").toString())
            .collect(Collectors.toList());
        assertThat(catalog).as("the probe asks one name, the listing 1,000")
            .containsExactlyInAnyOrder("[1]", "[1000]");
        // 1 catalog page + 3 tag pages + 2,500 tag GETs + index children + distinct configs
        int minimum = layout.minimumReads(1000, 1000);
        assertThat(minimum).isEqualTo(1 + 3 + 2500 + layout.children() + layout.configs());
        assertThat(totals.requests()).as("requests in the report").isEqualTo(minimum + PROBES);
        assertThat(proxy.seen()).as("requests the registry saw").hasSize(totals.requests());
        System.out.println("report of 2500 tags: " + totals.requests() + " requests, minimum "
            + minimum + " and " + PROBES + " probes (pages of 100 would add "
            + (layout.minimumReads(100, 100) - minimum) + ")");
      }
    }
  }

  /** The page of {@code tags} (sorted) that {@code r} asks for, with a Link to the next. */
  private static Reply page(List<String> tags, Request r) {
    int n = r.query("n").isEmpty() ? 100 : Math.min(1000, Integer.parseInt(r.query("n").get(0)));
    int from = 0;
    if (!r.query("last").isEmpty()) {
      String last = r.query("last").get(0);
      while (from < tags.size() && tags.get(from).compareTo(last) <= 0) {
        from++;
      }
    }
    int to = Math.min(tags.size(), from + n);
    List<String> quoted = new ArrayList<>();
    tags.subList(from, to).forEach(t -> quoted.add("\"" + t + "\""));
    Map<String, String> headers = to < tags.size()
        ? Map.of("Content-Type", "application/json", "Link", "</v2/" + REPO + "/tags/list?n=" + n
            + "&last=" + tags.get(to - 1) + ">; rel=\"next\"")
        : Map.of("Content-Type", "application/json");
    return new Reply(200, headers, "{\"name\":\"" + REPO + "\",\"tags\":["
        + String.join(",", quoted) + "]}");
  }
}
