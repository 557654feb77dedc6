package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.oci.MediaTypes;
import dev.slim.registry.Manifest;
import dev.slim.registry.RegistryClient;
import dev.slim.testing.RegistryLayout;
import dev.slim.testing.RegistryServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slim report} against Debian's docker-registry: the bytes its garbage collection frees
 * after {@code --apply} are the bytes the report predicted.
 */
class ReportIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OLD = "1577836800"; // 2020-01-01

  @TempDir Path tmp;

  @Test
  void garbageCollectionFreesExactlyThePredictedBytes() throws Exception {
    RegistryServer.assumeAvailable();
    RegistryServer registry = RegistryServer.start();
    try {
      String host = registry.host();
      // Four versions of one app, made by slim itself, a year apart; v1 also in a second repo.
      Path[] versions = new Path[5];
      for (int i = 0; i < versions.length; i++) {
        versions[i] = tmp.resolve("app-v" + i);
        byte[] bytes = Files.readAllBytes(fixture("go-hello-linux-amd64"));
        byte[] extra = ("slim report fixture " + i).getBytes(StandardCharsets.UTF_8);
        byte[] copy = java.util.Arrays.copyOf(bytes, bytes.length + extra.length);
        System.arraycopy(extra, 0, copy, bytes.length, extra.length);
        Files.write(versions[i], copy);
      }
      build(versions[0], host + "/team/app:latest", 1546300800L);
      build(versions[1], host + "/team/app:v1", 1577836800L);
      build(versions[1], host + "/team/other:v1", 1577836800L);
      build(versions[2], host + "/team/app:v2", 1609459200L);
      build(versions[2], host + "/team/app:v2-again", 1609459200L);
      build(versions[3], host + "/team/app:v3", 1640995200L, "--path", "/bin/app");
      build(versions[4], host + "/team/app:v4", 1672531200L);

      // Raw images sharing a base layer (multi-layer), an index with two children, attachments.
      RegistryClient client = RegistryClient.builder(host).build();
      Random random = new Random(42);
      Blob base = blob(client, "team/base", random, 300_000);
      for (int i = 1; i <= 3; i++) {
        Blob top = blob(client, "team/base", random, 50_000 + i);
        pushImage(client, "team/base", "b" + i, "201" + i + "-01-01T00:00:00Z", base, top);
      }
      List<String> children = new ArrayList<>();
      for (String arch : List.of("amd64", "arm64")) {
        Blob layer = blob(client, "team/multi", random, 40_000);
        children.add(pushImage(client, "team/multi", null, "2015-01-01T00:00:00Z", layer));
      }
      pushIndex(client, "team/multi", "old", children);
      Blob fresh = blob(client, "team/multi", random, 40_000);
      pushImage(client, "team/multi", "new", "2030-01-01T00:00:00Z", fresh);
      pushImage(client, "team/multi", "newer", "2031-01-01T00:00:00Z",
          blob(client, "team/multi", random, 40_000));
      String v1 = client.getManifest("team/app", "v1").orElseThrow().digest();
      pushImage(client, "team/app", "sha256-" + v1.substring(7) + ".sig",
          "2020-01-01T00:00:00Z", blob(client, "team/app", random, 1_000));
      pushImage(client, "team/app", "sha256-" + "ab".repeat(32) + ".att",
          "2020-01-01T00:00:00Z", blob(client, "team/app", random, 1_000));

      Path blobs = registry.storageDir().resolve("docker/registry/v2/blobs");
      long before = blobBytes(blobs);
      Path json = tmp.resolve("report.json");
      Path html = tmp.resolve("report.html");
      SlimProcess.Run run = SlimProcess.run(tmp, "report", host, "--keep-last", "2",
          "--apply", "--yes", "--json", json.toString(), "--html", html.toString(),
          "--markdown", tmp.resolve("report.md").toString());
      assertThat(run.exit()).as(run.all()).isZero();
      JsonNode report = JSON.readTree(json.toFile());
      long predicted = report.path("totals").path("reclaimableBytes").asLong();
      System.out.println(run.out());

      assertThat(report.path("schema").asText()).isEqualTo("slim/cleanup-report/v1");
      assertThat(report.path("registries").get(0).path("referrers").asBoolean()).isFalse();
      assertThat(report.path("registries").get(0).path("delete").asBoolean()).isTrue();
      assertThat(report.path("registries").get(0).path("catalog").asBoolean()).isTrue();
      assertThat(verdict(report, "team/app", "latest")).isEqualTo("keep");
      assertThat(verdict(report, "team/app", "v1")).isEqualTo("delete");
      assertThat(verdict(report, "team/app", "v2")).isEqualTo("delete");
      assertThat(verdict(report, "team/app", "v2-again")).isEqualTo("delete");
      assertThat(verdict(report, "team/app", "v3")).isEqualTo("keep");
      assertThat(verdict(report, "team/app", "v4")).isEqualTo("keep");
      assertThat(verdict(report, "team/other", "v1")).isEqualTo("keep");
      assertThat(verdict(report, "team/base", "b1")).isEqualTo("delete");
      assertThat(verdict(report, "team/multi", "old")).isEqualTo("delete");
      assertThat(verdict(report, "team/app", "sha256-" + v1.substring(7) + ".sig"))
          .isEqualTo("delete");
      assertThat(tagRow(report, "team/app", "sha256-" + "ab".repeat(32) + ".att")
          .path("kind").asText()).isEqualTo("orphan");
      assertThat(report.path("totals").path("tagsOnlyBytes").asLong())
          .as("v1's layer stays: team/other still uses it").isGreaterThan(500_000);
      assertThat(report.path("totals").path("logicalBytes").asLong())
          .isGreaterThan(report.path("totals").path("storedBytes").asLong());
      assertThat(report.path("totals").path("requests").asInt()).isPositive();
      assertThat(report.path("applied").path("skipped")).isEmpty();
      assertThat(run.out()).contains("garbage-collect");

      registry.stop();
      Process gc = new ProcessBuilder(RegistryServer.BINARY.toString(), "garbage-collect",
          registry.configFile().toString()).redirectErrorStream(true).start();
      Finished gcRun = Finished.of(gc, java.time.Duration.ofSeconds(120), "garbage-collect");
      String gcLog = gcRun.out();
      assertThat(gcRun.exit()).as(gcLog).isZero();
      long after = blobBytes(blobs);
      System.out.println("blob bytes before " + before + ", after " + after + ", predicted "
          + predicted);
      assertThat(predicted).isGreaterThan(500_000);
      assertThat(before - after).as("bytes freed on disk").isEqualTo(predicted);

      screenshot(html);
    } finally {
      registry.close();
    }
  }

  @Test
  void reportsAThousandTagsAcrossPages() throws Exception {
    RegistryServer.assumeAvailable();
    try (RegistryServer registry = RegistryServer.start()) {
      RegistryClient client = RegistryClient.builder(registry.host()).build();
      Blob layer = blob(client, "bench/many", new Random(7), 2_000);
      long start = System.nanoTime();
      byte[] manifest = null;
      String digest = null;
      digest = pushImage(client, "bench/many", "t0000", "2020-01-01T00:00:00Z", layer);
      manifest = client.getManifest("bench/many", digest).orElseThrow().raw();
      byte[] body = manifest;
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        List<java.util.concurrent.Future<String>> puts = new ArrayList<>();
        for (int i = 1; i < 1000; i++) {
          String tag = String.format("t%04d", i);
          puts.add(pool.submit(() -> client.putManifest("bench/many", tag, body,
              MediaTypes.OCI_MANIFEST)));
        }
        for (java.util.concurrent.Future<String> put : puts) {
          assertThat(put.get()).isEqualTo(digest);
        }
      } finally {
        pool.shutdownNow();
      }
      long pushMillis = (System.nanoTime() - start) / 1_000_000;
      System.out.println("pushed 1000 tags in " + pushMillis + " ms");
      assertThat(pushMillis).as("1000 manifest PUTs").isLessThan(60_000);

      Path json = tmp.resolve("many.json");
      long reportStart = System.nanoTime();
      SlimProcess.Run run;
      int pages;
      try (PagingProxy proxy = new PagingProxy(registry.host())) {
        run = SlimProcess.run(tmp, "report", proxy.host() + "/bench/many",
            "--keep-last", "10", "--json", json.toString());
        pages = proxy.tagPages.get();
      }
      long reportMillis = (System.nanoTime() - reportStart) / 1_000_000;
      assertThat(run.exit()).as(run.all()).isZero();
      assertThat(pages).as("one tags/list page of 1000").isEqualTo(1);
      System.out.println("report of 1000 tags in " + reportMillis + " ms");
      JsonNode report = JSON.readTree(json.toFile());
      assertThat(report.path("tags")).hasSize(1000);
      assertThat(report.path("totals").path("images").asInt()).isEqualTo(1);
      // One image: all tags share it, so the policy keeps it and nothing can be freed.
      assertThat(report.path("totals").path("reclaimableBytes").asLong()).isZero();
      assertThat(report.path("totals").path("logicalBytes").asLong())
          .isEqualTo(1000 * report.path("totals").path("storedBytes").asLong());
      // one page of 1000 tags plus 1000 manifest reads, the probes, one config.
      assertThat(report.path("totals").path("requests").asInt()).isBetween(1001, 1021);
      assertThat(reportMillis).isLessThan(60_000);
    }
  }

  /**
   * In CI (no terminal) the report's progress is a plain line on stderr every five seconds and
   * stdout is the report alone: a registry slowed to about ten seconds of reading prints at least
   * one line, and stdout still parses as one JSON document with nothing after it.
   */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void keepsStdoutTheReportWhileProgressLinesGoToStderrInCi() throws Exception {
    RegistryServer.assumeAvailable();
    try (RegistryServer registry = RegistryServer.start()) {
      RegistryLayout.Summary layout = RegistryLayout.builder().repos(3).tagsPerRepo(100)
          .manifests(60).indexShare(0.1).sbomShare(0.1).baseLayers(2).seed(15).build()
          .write(registry.storageDir());
      SlimProcess.Run run;
      try (PagingProxy proxy = new PagingProxy(registry.host())) {
        // about 380 requests one at a time, 30 ms each: over the five seconds between lines
        proxy.delayMillis = 30;
        run = SlimProcess.run(tmp, Map.of("CI", "true"), null,
            "report", proxy.host(), "--jobs", "1", "--json", "-");
      }

      assertThat(run.exit()).as(run.err()).isZero();
      JsonNode report = JSON.reader()
          .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readTree(run.out());
      assertThat(report.path("totals").path("tags").asInt()).isEqualTo(layout.tagCount());
      assertThat(run.out()).doesNotContain("report:").doesNotContain("\r")
          .doesNotContain("\033");
      List<String> progress = run.err().lines().filter(l -> l.startsWith("report: ")).toList();
      assertThat(progress).as(run.err()).isNotEmpty().allSatisfy(line -> assertThat(line)
          .matches("report: [0-3]/3 repositories, [0-9,]+ tags read, [0-9,]+ requests/s"
              + "(, about .+ left)?"));
      assertThat(run.err()).doesNotContain("\r").doesNotContain("\033");
    }
  }

  @Test
  void deepFindsAStaticBinaryOnABase() throws Exception {
    RegistryServer.assumeAvailable();
    try (RegistryServer registry = RegistryServer.start()) {
      String host = registry.host();
      build(fixture("go-hello-linux-amd64"), host + "/deep/app:on-base", 1577836800L,
          "--base", "static", "--tzdata");
      build(fixture("go-hello-linux-amd64"), host + "/deep/app:scratch", 1577836800L);
      Path json = tmp.resolve("deep.json");
      SlimProcess.Run run = SlimProcess.run(tmp, "report", host + "/deep/app", "--deep",
          "--json", json.toString());
      assertThat(run.exit()).as(run.all()).isZero();
      JsonNode slimmable = JSON.readTree(json.toFile()).path("slimmable");
      assertThat(slimmable).as(run.out()).hasSize(1);
      JsonNode row = slimmable.get(0);
      assertThat(row.path("tags").get(0).asText()).isEqualTo("on-base");
      assertThat(row.path("entrypoint").asText()).isEqualTo("/app");
      assertThat(row.path("slimBytes").asLong()).isLessThan(row.path("imageBytes").asLong());
      // The scratch image of the same binary is what slim build gives: the same layer, and a
      // config that differs only in small details (creation time, history).
      JsonNode scratch = tagRow(JSON.readTree(json.toFile()), "deep/app", "scratch");
      long manifestBytes = RegistryClient.builder(host).build()
          .getManifest("deep/app", "scratch").orElseThrow().raw().length;
      assertThat(row.path("slimBytes").asLong())
          .isCloseTo(scratch.path("sizeBytes").asLong() - manifestBytes,
              org.assertj.core.data.Offset.offset(200L));
      assertThat(run.out()).contains("slimmable:");

      // --apply without --yes and without a terminal cannot ask: exit 2, nothing deleted
      SlimProcess.Run piped = SlimProcess.run(tmp, Map.of(), "y\n", "report",
          host + "/deep/app", "--keep-last", "0", "--apply");
      assertThat(piped.exit()).as(piped.all()).isEqualTo(2);
      assertThat(piped.err()).startsWith("slim: --apply asks before deleting, and there is no"
          + " terminal to ask on: add --yes to delete without asking");
      // on a terminal it asks; "n" deletes nothing.
      SlimProcess.Run declined = SlimProcess.runOnTerminal(tmp, "n\n", "report",
          host + "/deep/app", "--keep-last", "0", "--apply");
      assertThat(declined.exit()).as(declined.all()).isZero();
      assertThat(declined.out()).contains("Delete 2 manifests (2 tags), freeing ")
          .contains("[y/N]").contains("applied:     no: not confirmed, nothing deleted");

      // --apply where deletes are disabled: exit 4 before anything is deleted.
      try (PagingProxy proxy = new PagingProxy(host)) {
        proxy.denyDeletes = true;
        SlimProcess.Run refused = SlimProcess.run(tmp, "report", proxy.host() + "/deep/app",
            "--keep-last", "0", "--apply", "--yes");
        assertThat(refused.exit()).as(refused.all()).isEqualTo(4);
        assertThat(refused.err()).startsWith("slim: registry " + proxy.host()
            + " does not allow deleting manifests (405): set storage.delete.enabled: true");
      }
      assertThat(RegistryClient.builder(host).build().getManifest("deep/app", "on-base"))
          .isPresent();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static String verdict(JsonNode report, String repo, String tag) {
    return tagRow(report, repo, tag).path("verdict").asText();
  }

  private static JsonNode tagRow(JsonNode report, String repo, String tag) {
    for (JsonNode row : report.path("tags")) {
      if (row.path("repository").asText().equals(repo) && row.path("tag").asText().equals(tag)) {
        return row;
      }
    }
    throw new AssertionError("no tag " + repo + ":" + tag + " in the report");
  }

  private void build(Path binary, String image, long epoch, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("build", binary.toString(), "--image", image,
        "--push"));
    args.addAll(List.of(extra));
    SlimProcess.Run run = SlimProcess.run(tmp, Map.of("SOURCE_DATE_EPOCH", String.valueOf(epoch)),
        null, args.toArray(String[]::new));
    assertThat(run.exit()).as(run.all()).isZero();
  }

  record Blob(String mediaType, String digest, long size) {}

  private static Blob blob(RegistryClient client, String repo, Random random, int size)
      throws Exception {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    String digest = sha256(bytes);
    client.pushBlob(repo, digest, size, RegistryClient.BlobSource.of(bytes), null);
    return new Blob("application/vnd.oci.image.layer.v1.tar+gzip", digest, size);
  }

  /** Pushes an image with these layers and a config made at {@code created}; its digest. */
  private static String pushImage(RegistryClient client, String repo, String tag, String created,
      Blob... layers) throws Exception {
    StringBuilder diffIds = new StringBuilder();
    StringBuilder descriptors = new StringBuilder();
    for (Blob layer : layers) {
      diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(layer.digest())
          .append('"');
      descriptors.append(descriptors.length() == 0 ? "" : ",").append(descriptor(layer));
    }
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"" + created
        + "\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds
        + "]},\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
    String configDigest = sha256(config);
    client.pushBlob(repo, configDigest, config.length, RegistryClient.BlobSource.of(config), null);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"config\":" + descriptor(new Blob("application/vnd.oci.image.config.v1+json",
            configDigest, config.length)) + ",\"layers\":[" + descriptors + "]}")
        .getBytes(StandardCharsets.UTF_8);
    String digest = sha256(manifest);
    return client.putManifest(repo, tag == null ? digest : tag, manifest, MediaTypes.OCI_MANIFEST);
  }

  private static void pushIndex(RegistryClient client, String repo, String tag,
      List<String> children) throws Exception {
    StringBuilder entries = new StringBuilder();
    String[] arch = {"amd64", "arm64"};
    for (int i = 0; i < children.size(); i++) {
      Manifest child = client.getManifest(repo, children.get(i)).orElseThrow();
      entries.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(MediaTypes.OCI_MANIFEST)
          .append("\",\"digest\":\"").append(child.digest()).append("\",\"size\":")
          .append(child.raw().length).append(",\"platform\":{\"os\":\"linux\",\"architecture\":\"")
          .append(arch[i]).append("\"}}");
    }
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX
        + "\",\"manifests\":[" + entries + "]}").getBytes(StandardCharsets.UTF_8);
    client.putManifest(repo, tag, index, MediaTypes.OCI_INDEX);
  }

  private static String descriptor(Blob blob) {
    return "{\"mediaType\":\"" + blob.mediaType() + "\",\"digest\":\"" + blob.digest()
        + "\",\"size\":" + blob.size() + "}";
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(bytes));
  }

  /** The sizes of every blob's {@code data} file: what garbage collection deletes. */
  private static long blobBytes(Path blobs) throws IOException {
    try (Stream<Path> files = Files.walk(blobs)) {
      return files.filter(p -> p.getFileName().toString().equals("data"))
          .mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Opens the HTML page in headless Chromium and keeps the screenshot under target/. */
  private void screenshot(Path html) throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    if (!Files.isExecutable(chromium)) {
      String reason = chromium + " is not installed (apt-get install chromium)";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(reason);
      }
      System.err.println("SKIPPED screenshot: " + reason);
      return;
    }
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    Files.copy(html, target.resolve("report.html"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path png = target.resolve("report-screenshot.png");
    Files.deleteIfExists(png);
    Path profile = Files.createTempDirectory(tmp, "chromium-");
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
        "--screenshot=" + png, "--window-size=1200,900", html.toUri().toString())
        .redirectErrorStream(true).start();
    String log = Finished.of(p, java.time.Duration.ofSeconds(120), "chromium").out();
    assertThat(png).as(log).exists();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).as("screenshot size").isGreaterThan(10_000);
    assertThat(java.util.Arrays.copyOf(bytes, 4))
        .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    System.out.println("screenshot: " + png);
  }
}
