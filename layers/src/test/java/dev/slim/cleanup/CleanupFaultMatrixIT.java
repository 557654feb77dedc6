package dev.slim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.SlimException;
import dev.slim.testing.FaultCatalogue;
import dev.slim.testing.FaultCatalogue.Request;
import dev.slim.testing.FaultProxy;
import dev.slim.testing.RegistryLayout;
import dev.slim.testing.RegistryServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of request {@code slim report} and {@code --apply} send, each with every kind of
 * fault once, through a {@link FaultProxy} in front of Debian's registry holding a layout that
 * {@link RegistryLayout} wrote. A report either equals the report made without faults (the
 * requests aside) or fails naming the registry; an apply either reaches the state an apply
 * without faults reaches or fails having deleted only what that one deletes. A fault of
 * ordinary use (dropped connection, lost answer, stall, 429, 502, 503, 504) must not fail either.
 */
class CleanupFaultMatrixIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  /** Deletes all but the three newest images of each repository. */
  private static final Policy KEEP_THREE = new Policy(3, null, null, null, Set.of(), true);

  static final List<Request> REQUESTS = List.of(
      new Request("CATALOG", "GET", "/v2/_catalog"),
      new Request("TAG_LIST", "GET", "/v2/.+/tags/list"),
      new Request("TAG_MANIFEST", "GET", "/v2/.+/manifests/(?!sha256:).+"),
      new Request("CHILD_MANIFEST", "GET", "/v2/.+/manifests/sha256:.+"),
      new Request("CONFIG", "GET", "/v2/.+/blobs/sha256:.+"),
      new Request("DELETE", "DELETE", "/v2/.+/manifests/.+"));

  static final Map<String, FaultProxy.Fault> TRANSIENT = FaultCatalogue.ordinary();
  static final Map<String, FaultProxy.Fault> REFUSALS =
      FaultCatalogue.refusals("MANIFEST_UNKNOWN");

  private static RegistryServer untouched;
  private static CleanupReport.Totals expectedReport;
  private static Map<String, String> expectedAfterApply;

  @BeforeAll
  static void references() throws Exception {
    RegistryServer.assumeAvailable();
    untouched = RegistryServer.start();
    layout().write(untouched.storageDir());
    expectedReport = Cleanup.report(request(untouched.host(), false), Confirmation.yes())
        .totals();
    assertThat(expectedReport.deleteManifests()).as("the policy deletes something").isPositive();
    try (RegistryServer applied = RegistryServer.start()) {
      layout().write(applied.storageDir());
      Cleanup.report(request(applied.host(), true), Confirmation.yes());
      expectedAfterApply = tags(applied.host());
    }
  }

  @AfterAll
  static void stop() {
    if (untouched != null) {
      untouched.close();
    }
  }

  private static RegistryLayout layout() {
    return RegistryLayout.builder().repos(3).tagsPerRepo(8).manifests(18).indexShare(0.2)
        .sbomShare(0.2).baseLayers(2).seed(11).build();
  }

  private static CleanupRequest request(String host, boolean apply) {
    return new CleanupRequest(List.of(host), KEEP_THREE, apply, false, null, null, Set.of(),
        Map.of("SLIM_REGISTRY_TIMEOUT", "3"), NOW, 4);
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (Request request : REQUESTS) {
      TRANSIENT.forEach((name, fault) -> all.add(Arguments.of(request, name, fault, true)));
      REFUSALS.forEach((name, fault) -> all.add(Arguments.of(request, name, fault, false)));
    }
    return all.stream();
  }

  /** A report deletes nothing: the apply cases have the DELETE. */
  static Stream<Arguments> reportCases() {
    return cases().filter(arguments -> !((Request) arguments.get()[0]).name().equals("DELETE"));
  }

  @ParameterizedTest(name = "report, {0} {1}")
  @MethodSource("reportCases")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aReportIsExactOrFailsNamingTheRegistry(Request request, String name,
      FaultProxy.Fault fault, boolean mustSucceed) throws Exception {
    try (FaultProxy proxy = FaultProxy.start(untouched.port())) {
      proxy.on(request.method(), request.path(), 1, fault);
      CleanupReport.Totals totals = null;
      SlimException failure = null;
      try {
        totals = Cleanup.report(request(proxy.host(), false), Confirmation.yes()).totals();
      } catch (SlimException e) {
        failure = e;
      }
      assertThat(proxy.seen()).as("the proxy injected the fault")
          .anyMatch(seen -> seen.fault() != null);
      if (failure != null) {
        assertThat(mustSucceed).as("a report that must finish despite " + name + " failed: "
            + failure.getMessage()).isFalse();
        assertThat(failure.getMessage()).contains(proxy.host());
      } else if (mustSucceed || totals.skippedTags() + totals.skippedRepositories() == 0) {
        assertThat(sameExceptRequests(totals)).as(name)
            .isEqualTo(sameExceptRequests(expectedReport));
      } else {
        // it says what it skipped, and deletes nothing more than the whole report would
        assertThat(totals.deleteManifests()).isLessThanOrEqualTo(expectedReport.deleteManifests());
        assertThat(totals.tags()).isLessThan(expectedReport.tags());
      }
    }
  }

  @ParameterizedTest(name = "apply, {0} {1}")
  @MethodSource("cases")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anApplyReachesTheSameStateOrDeletesOnlyWhatItWould(Request request, String name,
      FaultProxy.Fault fault, boolean mustSucceed) throws Exception {
    try (RegistryServer registry = RegistryServer.start();
        FaultProxy proxy = FaultProxy.start(registry.port())) {
      RegistryLayout.Summary layout = layout().write(registry.storageDir());
      proxy.on(request.method(), request.path(), 1, fault);
      SlimException failure = null;
      try {
        Cleanup.report(request(proxy.host(), true), Confirmation.yes());
      } catch (SlimException e) {
        failure = e;
      }
      assertThat(proxy.seen()).as("the proxy injected the fault")
          .anyMatch(seen -> seen.fault() != null);
      Map<String, String> after = tags(registry.host());
      if (failure == null && mustSucceed) {
        assertThat(after).as(name).isEqualTo(expectedAfterApply);
        return;
      }
      if (failure != null) {
        assertThat(mustSucceed).as("an apply that must finish despite " + name + " failed: "
            + failure.getMessage()).isFalse();
        assertThat(failure.getMessage()).contains(proxy.host());
      }
      // whatever was deleted, only what the apply without faults deletes
      assertThat(after).containsAllEntriesOf(expectedAfterApply);
      Map<String, String> before = new TreeMap<>();
      layout.tags().forEach((repo, tags) -> tags.forEach((tag, digest) ->
          before.put(repo + ":" + tag, digest)));
      assertThat(before).containsAllEntriesOf(after);
    }
  }

  private static List<Object> sameExceptRequests(CleanupReport.Totals t) {
    return List.of(t.repositories(), t.tags(), t.images(), t.logicalBytes(), t.storedBytes(),
        t.sharingSavedBytes(), t.reclaimableBytes(), t.tagsOnlyBytes(), t.deleteTags(),
        t.deleteManifests(), t.skippedRepositories(), t.skippedTags());
  }

  /** Every {@code repository:tag} and its digest, read straight from the registry. */
  private static Map<String, String> tags(String host) throws IOException {
    Map<String, String> all = new TreeMap<>();
    for (JsonNode repo : JSON.readTree(get("http://" + host + "/v2/_catalog?n=1000", "GET"))
        .path("repositories")) {
      JsonNode tags = JSON.readTree(get("http://" + host + "/v2/" + repo.asText()
          + "/tags/list", "GET")).path("tags");
      for (JsonNode tag : tags) {
        HttpURLConnection head = open("http://" + host + "/v2/" + repo.asText() + "/manifests/"
            + tag.asText(), "HEAD");
        assertThat(head.getResponseCode()).isEqualTo(200);
        all.put(repo.asText() + ":" + tag.asText(), head.getHeaderField("Docker-Content-Digest"));
      }
    }
    return all;
  }

  private static byte[] get(String url, String method) throws IOException {
    HttpURLConnection connection = open(url, method);
    assertThat(connection.getResponseCode()).as(url).isEqualTo(200);
    try (InputStream in = connection.getInputStream()) {
      return in.readAllBytes();
    }
  }

  private static HttpURLConnection open(String url, String method) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setRequestMethod(method);
    connection.setRequestProperty("Accept", String.join(",",
        "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json"));
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(20_000);
    return connection;
  }
}
