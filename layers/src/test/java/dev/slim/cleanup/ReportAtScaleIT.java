package dev.slim.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.registry.RegistryClient;
import dev.slim.testing.RegistryLayout;
import dev.slim.testing.RegistryServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code slim report} on a registry of 3,000 tags that {@link RegistryLayout} wrote straight into
 * Debian's docker-registry storage: 20 repositories of 150 tags on 600 top-level images (60
 * indexes of two platform images, 60 images with an SBOM tag), checked against the registry's
 * own answers, skopeo, and the registry's garbage collection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportAtScaleIT {

  /** Capability probes of a report: catalog allowed, delete enabled, referrers API. */
  private static final int PROBES = 3;

  private static RegistryServer registry;
  private static RegistryLayout.Summary layout;

  @BeforeAll
  static void writeAndStart() throws IOException {
    RegistryServer.assumeAvailable();
    registry = RegistryServer.start();
    layout = RegistryLayout.builder().repos(20).tagsPerRepo(150).manifests(600)
        .indexShare(0.1).sbomShare(0.1).baseLayers(4).seed(15).build()
        .write(registry.storageDir());
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  @Order(1)
  void layoutHoldsWhatItWasAskedFor() {
    assertThat(layout.repositories()).isEqualTo(20);
    assertThat(layout.tagCount()).isEqualTo(3000);
    // 30 images a repository: 3 indexes, 27 plain images of which 3 have an SBOM tag.
    assertThat(layout.indexes()).isEqualTo(60);
    assertThat(layout.children()).isEqualTo(120);
    assertThat(layout.images()).isEqualTo(660);
    assertThat(layout.manifests()).isEqualTo(600 + 120 + 60);
    // One config per image manifest (540 plain + 120 children) and the SBOMs' shared "{}".
    assertThat(layout.configs()).isEqualTo(661);
    assertThat(layout.blobs()).isEqualTo(layout.manifests() + layout.configs()
        + layout.layers());
  }

  @Test
  @Order(2)
  void registryServesTheCatalogAndEveryTagList() throws Exception {
    RegistryClient client = RegistryClient.builder(registry.host()).build();
    assertThat(client.catalog()).containsExactlyElementsOf(new TreeSet<>(layout.tags().keySet()));
    for (Map.Entry<String, Map<String, String>> repo : layout.tags().entrySet()) {
      assertThat(client.tags(repo.getKey()))
          .containsExactlyInAnyOrderElementsOf(repo.getValue().keySet());
    }
    String index = layout.tags().get("scale/r0007").get("v1");
    assertThat(client.getManifest("scale/r0007", "v1").orElseThrow().digest()).isEqualTo(index);
  }

  @Test
  @Order(3)
  void skopeoReadsAnIndexAnImageAndAnSbom() throws Exception {
    Map<String, String> tags = layout.tags().get("scale/r0011");
    // v1 names the repository's first index, v4 its first plain image (indexes come first).
    JsonNode index = skopeo("--raw", "docker://" + registry.host() + "/scale/r0011:v1");
    assertThat(index.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(index.path("manifests")).hasSize(2);
    JsonNode image = skopeo("docker://" + registry.host() + "/scale/r0011:v4");
    assertThat(image.path("Digest").asText()).isEqualTo(tags.get("v4"));
    assertThat(image.path("Architecture").asText()).isEqualTo("amd64");
    assertThat(image.path("Layers")).hasSizeBetween(2, 3);
    String sbomTag = "sha256-" + tags.get("v4").substring(7) + ".sbom";
    JsonNode sbom = skopeo("--raw", "docker://" + registry.host() + "/scale/r0011:" + sbomTag);
    assertThat(sbom.path("layers").get(0).path("mediaType").asText()).isEqualTo("text/spdx+json");
  }

  @Test
  @Order(4)
  void reportCountsWhatTheLayoutHoldsReadingEachConfigOnce() throws Exception {
    CleanupRequest request = new CleanupRequest(List.of(registry.host()), Policy.keepAll(),
        false, false, null, null, Set.of(), Map.of(), Instant.parse("2030-01-01T00:00:00Z"),
        CleanupRequest.DEFAULT_CONCURRENCY);
    CleanupReport.Totals totals = Cleanup.report(request, Confirmation.yes()).totals();
    assertThat(totals.repositories()).isEqualTo(20);
    assertThat(totals.tags()).isEqualTo(3000);
    assertThat(totals.images()).isEqualTo(660);
    assertThat(totals.storedBytes()).isEqualTo(layout.storedBytes());
    assertThat(totals.reclaimableBytes()).isZero();
    // Debian's registry (2.8) answers a tag list in one page whatever n asks, so one page each.
    assertThat(totals.requests()).isEqualTo(layout.minimumReads(1000, Integer.MAX_VALUE)
        + PROBES);
  }

  @Test
  @Order(5)
  void garbageCollectionMarksEveryBlobTheLayoutWrote() throws Exception {
    registry.stop();
    Process gc = new ProcessBuilder(RegistryServer.BINARY.toString(), "garbage-collect",
        "--dry-run", registry.configFile().toString()).redirectErrorStream(true).start();
    String out = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(gc.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(gc.exitValue()).as(out).isZero();
    Matcher summary = Pattern.compile("(\\d+) blobs marked, (\\d+) blobs and (\\d+) manifests"
        + " eligible for deletion").matcher(out);
    assertThat(summary.find()).as(out).isTrue();
    assertThat(summary.group(1)).isEqualTo(String.valueOf(layout.blobs()));
    assertThat(summary.group(2)).isEqualTo("0");
    assertThat(summary.group(3)).isEqualTo("0");
    Set<String> marked = Pattern.compile("marking (?:manifest|blob) (sha256:[0-9a-f]{64})")
        .matcher(out).results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
    Path blobs = registry.storageDir().resolve("docker/registry/v2/blobs/sha256");
    Set<String> written;
    try (Stream<Path> dirs = Files.walk(blobs, 2)) {
      written = dirs.filter(p -> p.getNameCount() - blobs.getNameCount() == 2)
          .map(p -> "sha256:" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(written).hasSize(layout.blobs());
    assertThat(marked).isEqualTo(written);
  }

  private static JsonNode skopeo(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("skopeo", "inspect",
        "--tls-verify=false"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    return new ObjectMapper().readTree(out);
  }
}
