package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.registry.RegistryClient;
import dev.slim.testing.ImageCheck;
import dev.slim.testing.RegistryExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slim build --base ...} and multi-arch builds against Debian's docker-registry, checked
 * with the registry API, skopeo and the Docker engine.
 */
class BasesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();
  @RegisterExtension static final RegistryExtension mirror = new RegistryExtension();

  @TempDir Path tmp;

  private SlimProcess.Run build(Path report, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("build"));
    all.addAll(List.of(args));
    all.addAll(List.of("--report-json", report.toString()));
    return SlimProcess.run(tmp, all.toArray(String[]::new));
  }

  private static byte[] get(String url, String accept) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      HttpResponse<byte[]> response = HttpClient.newHttpClient()
          .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as(url).isEqualTo(200);
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static Map<String, String> statuses(JsonNode report, String platform) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode p : report.path("platforms")) {
      if (p.path("platform").asText().equals(platform)) {
        for (JsonNode layer : p.path("layers")) {
          out.put(layer.path("holds").asText(), layer.path("status").asText() + "/"
              + layer.path("origin").asText());
        }
      }
    }
    return out;
  }

  @Test
  void staticBaseHasItsFilesAndARebuildUploadsOnlyTheBinaryLayer() throws Exception {
    String repo = "it/static-" + UUID.randomUUID().toString().substring(0, 8);
    Path first = tmp.resolve("first.json");
    SlimProcess.Run run = build(first, fixture("go-hello-linux-amd64").toString(), "--base",
        "static", "--image", registry.host() + "/" + repo + ":1", "--push");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(first.toFile());
    assertThat(report.path("layers")).hasSize(3);
    assertThat(report.path("layers").get(0).path("origin").asText()).isEqualTo("base");
    assertThat(report.path("layers").get(1).path("holds").asText()).contains("CA certificates");
    assertThat(report.path("layers").get(2).path("origin").asText()).isEqualTo("slim");
    assertThat(run.err()).contains("FROM").contains("static base: users");

    String base = "http://" + registry.host() + "/v2/" + repo + "/";
    var files = ImageCheck.newFileMap();
    JsonNode config = ImageCheck.check(get(base + "manifests/1", OCI_MANIFEST),
        report.path("image").path("digest").asText(), d -> get(base + "blobs/" + d, null), files);
    assertThat(config.path("config").path("Env").toString())
        .contains("SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt");
    Map<String, ImageCheck.TarFile> byName = new LinkedHashMap<>();
    files.values().forEach(list -> list.forEach(f -> byName.put(f.name(), f)));
    assertThat(new String(byName.get("etc/passwd").content(), StandardCharsets.UTF_8))
        .contains("nonroot:x:65532:65532:").contains("nobody:x:65534:");
    assertThat(byName.get("tmp/").mode()).isEqualTo(01777);
    assertThat(byName.get("home/nonroot/").mode()).isEqualTo(0700);
    assertThat(byName.get("home/nonroot/").uid()).isEqualTo(65532);
    assertThat(byName.get("etc/ssl/certs/ca-certificates.crt").content().length)
        .isGreaterThan(100_000);
    assertThat(byName).containsKeys("etc/group", "etc/nsswitch.conf", "etc/os-release");

    // another binary on the same base: only the binary's layer (and the config) is sent
    Path second = tmp.resolve("second.json");
    run = build(second, fixture("go-hello-linux-amd64-unstripped").toString(), "--base", "static",
        "--image", registry.host() + "/" + repo + ":2", "--push");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode again = JSON.readTree(second.toFile());
    assertThat(again.path("layers").get(0).path("status").asText()).isEqualTo("reused");
    assertThat(again.path("layers").get(1).path("status").asText()).isEqualTo("reused");
    assertThat(again.path("layers").get(2).path("status").asText()).isEqualTo("uploaded");
    assertThat(again.path("layers").get(0).path("digest"))
        .isEqualTo(report.path("layers").get(0).path("digest"));
    long binaryAndConfig = again.path("layers").get(2).path("size").asLong()
        + again.path("config").path("size").asLong();
    assertThat(again.path("totals").path("uploadedBytes").asLong()).isEqualTo(binaryAndConfig);
  }

  @Test
  void threeBinariesMakeOneIndexThatDockerPullsAndRunsForAmd64() throws Exception {
    String repo = "it/multi-" + UUID.randomUUID().toString().substring(0, 8);
    String ref = registry.host() + "/" + repo + ":1";
    Path report = tmp.resolve("multi.json");
    SlimProcess.Run run = build(report, fixture("go-hello-linux-amd64").toString(),
        fixture("go-hello-linux-arm64").toString(), fixture("go-hello-linux-s390x").toString(),
        "--image", ref, "--push");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = JSON.readTree(report.toFile());
    String digest = json.path("image").path("digest").asText();
    assertThat(run.out()).isEqualTo(ref + "@" + digest + "\n");
    assertThat(json.path("image").path("mediaType").asText()).isEqualTo(OCI_INDEX);
    assertThat(json.path("platforms")).hasSize(3);
    assertThat(run.err()).contains("linux/s390x").contains("3 platforms");

    // the registry's API: an index at the tag, one manifest per platform, each a valid image
    String base = "http://" + registry.host() + "/v2/" + repo + "/";
    byte[] indexBytes = get(base + "manifests/1", OCI_INDEX);
    assertThat(ImageCheck.sha256(indexBytes)).isEqualTo(digest);
    JsonNode index = JSON.readTree(indexBytes);
    List<String> platforms = new ArrayList<>();
    for (JsonNode child : index.path("manifests")) {
      String arch = child.path("platform").path("architecture").asText();
      platforms.add(child.path("platform").path("os").asText() + "/" + arch);
      JsonNode config = ImageCheck.check(
          get(base + "manifests/" + child.path("digest").asText(), OCI_MANIFEST),
          child.path("digest").asText(), d -> get(base + "blobs/" + d, null), null);
      assertThat(config.path("architecture").asText()).isEqualTo(arch);
    }
    assertThat(platforms).containsExactly("linux/amd64", "linux/arm64", "linux/s390x");

    // skopeo reads the same index
    JsonNode raw = JSON.readTree(SlimProcess.tool(tmp, "skopeo", "inspect", "--raw",
        "--tls-verify=false", "docker://" + ref));
    assertThat(raw.path("manifests")).hasSize(3);
    assertThat(raw.path("mediaType").asText()).isEqualTo(OCI_INDEX);

    // the Docker engine pulls the amd64 image of the index and runs it
    DockerCheck.assumeOrRequire();
    String docker = DockerCheck.docker();
    SlimProcess.tool(tmp, docker, "pull", "--platform", "linux/amd64", ref);
    try {
      String output = SlimProcess.tool(tmp, docker, "run", "--rm", "--network", "none",
          "--platform", "linux/amd64", ref);
      assertThat(output).contains("hello from slim fixture");
    } finally {
      SlimProcess.tool(tmp, docker, "rmi", "-f", ref);
    }
  }

  @Test
  void multiArchArchiveIsAnOciLayoutWithAnIndexThatSkopeoReads() throws Exception {
    Path archive = tmp.resolve("multi.tar");
    SlimProcess.Run run = build(tmp.resolve("r.json"), fixture("go-hello-linux-amd64").toString(),
        fixture("go-hello-linux-arm64").toString(), fixture("go-hello-linux-s390x").toString(),
        "--base", "static", "--image", "multi:1", "-o", archive.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode raw = JSON.readTree(SlimProcess.tool(tmp, "skopeo", "inspect", "--raw",
        "oci-archive:" + archive));
    assertThat(raw.path("mediaType").asText()).isEqualTo(OCI_INDEX);
    assertThat(raw.path("manifests")).hasSize(3);
    Path layout = Files.createDirectories(tmp.resolve("layout"));
    SlimProcess.tool(tmp, "tar", "-xf", archive.toString(), "-C", layout.toString());
    ImageCheck.Blobs blobs =
        d -> Files.readAllBytes(layout.resolve("blobs/sha256").resolve(d.substring(7)));
    for (JsonNode child : raw.path("manifests")) {
      String digest = child.path("digest").asText();
      JsonNode config = ImageCheck.check(blobs.get(digest), digest, blobs, null);
      assertThat(config.path("architecture").asText())
          .isEqualTo(child.path("platform").path("architecture").asText());
    }
    JsonNode arm = JSON.readTree(SlimProcess.tool(tmp, "skopeo", "--override-arch", "arm64",
        "inspect", "oci-archive:" + archive));
    assertThat(arm.path("Architecture").asText()).isEqualTo("arm64");
  }

  @Test
  void dockerFormatPushesAManifestList() throws Exception {
    String ref = registry.host() + "/it/list-" + UUID.randomUUID().toString().substring(0, 8)
        + ":1";
    Path report = tmp.resolve("list.json");
    SlimProcess.Run run = build(report, fixture("go-hello-linux-amd64").toString(),
        fixture("go-hello-linux-arm64").toString(), "--image", ref, "--push", "--format",
        "docker");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode raw = JSON.readTree(SlimProcess.tool(tmp, "skopeo", "inspect", "--raw",
        "--tls-verify=false", "docker://" + ref));
    assertThat(raw.path("mediaType").asText())
        .isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
    assertThat(raw.path("manifests").get(0).path("mediaType").asText())
        .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
  }

  @Test
  void imageBaseLayersAreCopiedOnceThenReusedAndMountedOnTheSameRegistry() throws Exception {
    String tag = "3.20-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> baseLayers = pushBaseImage(mirror, "library/alpine", tag);
    String copyRepo = "it/on-alpine-" + UUID.randomUUID().toString().substring(0, 8);

    // from another registry (a mirror for Docker Hub names): streamed across, never to disk
    Path first = tmp.resolve("first.json");
    SlimProcess.Run run = build(first, fixture("go-hello-linux-amd64").toString(),
        fixture("go-hello-linux-arm64").toString(), "--base", "alpine:" + tag,
        "--base-registry", mirror.host(), "--image", registry.host() + "/" + copyRepo + ":1",
        "--push");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(first.toFile());
    Map<String, String> amd64 = statuses(report, "linux/amd64");
    assertThat(amd64.values()).containsExactly("uploaded/base", "uploaded/base", "uploaded/slim");
    JsonNode amdLayers = report.path("platforms").get(0).path("layers");
    assertThat(amdLayers.get(0).path("digest").asText()).isEqualTo(baseLayers.get(0));
    assertThat(amdLayers.get(1).path("digest").asText()).isEqualTo(baseLayers.get(1));
    // the shared first base layer is sent once for both platforms
    Map<String, String> arm64 = statuses(report, "linux/arm64");
    assertThat(arm64.values()).containsExactly("uploaded/base", "uploaded/base", "uploaded/slim");

    String base = "http://" + registry.host() + "/v2/" + copyRepo + "/";
    JsonNode index = JSON.readTree(get(base + "manifests/1", OCI_INDEX));
    JsonNode child = index.path("manifests").get(0);
    var files = ImageCheck.newFileMap();
    JsonNode config = ImageCheck.check(
        get(base + "manifests/" + child.path("digest").asText(), OCI_MANIFEST),
        child.path("digest").asText(), d -> get(base + "blobs/" + d, null), files);
    assertThat(config.path("config").path("Env").toString()).contains("BASE_ENV=from-base");
    List<String> names = new ArrayList<>();
    files.values().forEach(list -> list.forEach(f -> names.add(f.name())));
    assertThat(names).contains("etc/alpine-release", "lib/arch-amd64.txt", "app");

    // again, to another tag of the same repository: the registry has every base layer
    Path second = tmp.resolve("second.json");
    run = build(second, fixture("go-hello-linux-amd64").toString(), "--base", "alpine:" + tag,
        "--base-registry", mirror.host(), "--image", registry.host() + "/" + copyRepo + ":2",
        "--push");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(statuses(JSON.readTree(second.toFile()), "linux/amd64").values())
        .containsExactly("reused/base", "reused/base", "reused/slim");

    // a base on the target registry: its layers are mounted into the new repository
    pushBaseImage(registry, "base/alpine", tag);
    Path third = tmp.resolve("third.json");
    run = build(third, fixture("go-hello-linux-amd64").toString(), "--base",
        registry.host() + "/base/alpine:" + tag, "--image", registry.host() + "/it/mounted-"
            + UUID.randomUUID().toString().substring(0, 8) + ":1", "--push");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(statuses(JSON.readTree(third.toFile()), "linux/amd64").values())
        .containsExactly("mounted/base", "mounted/base", "uploaded/slim");

    // a local archive downloads the base layers into it
    Path archive = tmp.resolve("local.tar");
    run = build(tmp.resolve("local.json"), fixture("go-hello-linux-amd64").toString(), "--base",
        "alpine:" + tag, "--base-registry", mirror.host(), "-o", archive.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode local = JSON.readTree(SlimProcess.tool(tmp, "skopeo", "inspect",
        "oci-archive:" + archive));
    assertThat(local.path("Layers")).hasSize(3);
    assertThat(local.path("Layers").get(0).asText()).isEqualTo(baseLayers.get(0));

    // a platform the base does not offer is an error naming the binary
    run = build(tmp.resolve("s390x.json"), fixture("go-hello-linux-s390x").toString(), "--base",
        "alpine:" + tag, "--base-registry", mirror.host(), "--image",
        registry.host() + "/it/nope:1", "--push");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("has no linux/s390x image")
        .contains(fixture("go-hello-linux-s390x").toString());
  }

  /**
   * Pushes a real two-layer base image for amd64 and arm64 as an index: the first layer is the
   * same for both, the second differs. Returns the amd64 image's layer digests.
   */
  private List<String> pushBaseImage(RegistryExtension server, String repository, String tag)
      throws Exception {
    RegistryClient client = RegistryClient.builder(server.host()).build();
    byte[] common = layer(Map.of("etc/alpine-release", "3.20.0\n", "etc/motd", "base\n"));
    List<Object> children = new ArrayList<>();
    List<String> amd64 = null;
    for (String arch : List.of("amd64", "arm64")) {
      byte[] own = layer(Map.of("lib/arch-" + arch + ".txt", arch + "\n"));
      List<Map<String, Object>> layers = new ArrayList<>();
      List<String> diffIds = new ArrayList<>();
      for (byte[] compressed : List.of(common, own)) {
        String digest = ImageCheck.sha256(compressed);
        client.pushBlob(repository, digest, compressed.length,
            RegistryClient.BlobSource.of(compressed), null);
        layers.add(Map.of("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip",
            "digest", digest, "size", compressed.length));
        diffIds.add(ImageCheck.sha256(gunzip(compressed)));
      }
      byte[] config = JSON.writeValueAsBytes(Map.of("architecture", arch, "os", "linux",
          "config", Map.of("Env", List.of("PATH=/usr/bin:/bin", "BASE_ENV=from-base")),
          "rootfs", Map.of("type", "layers", "diff_ids", diffIds),
          "history", List.of(Map.of("created_by", "ADD common"), Map.of("created_by",
              "ADD " + arch))));
      String configDigest = ImageCheck.sha256(config);
      client.pushBlob(repository, configDigest, config.length,
          RegistryClient.BlobSource.of(config), null);
      byte[] manifest = JSON.writeValueAsBytes(Map.of("schemaVersion", 2,
          "mediaType", OCI_MANIFEST,
          "config", Map.of("mediaType", "application/vnd.oci.image.config.v1+json",
              "digest", configDigest, "size", config.length),
          "layers", layers));
      String digest = client.putManifest(repository, ImageCheck.sha256(manifest), manifest,
          OCI_MANIFEST);
      children.add(Map.of("mediaType", OCI_MANIFEST, "digest", digest, "size", manifest.length,
          "platform", Map.of("os", "linux", "architecture", arch)));
      if (amd64 == null) {
        amd64 = layers.stream().map(l -> (String) l.get("digest")).toList();
      }
    }
    byte[] index = JSON.writeValueAsBytes(Map.of("schemaVersion", 2, "mediaType", OCI_INDEX,
        "manifests", children));
    client.putManifest(repository, tag, index, OCI_INDEX);
    return amd64;
  }

  /** A gzip'd tar of the files, made by GNU tar from a folder. */
  private byte[] layer(Map<String, String> files) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "layer");
    for (var e : files.entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
    }
    Path tar = tmp.resolve(dir.getFileName() + ".tar");
    List<String> command = new ArrayList<>(List.of("tar", "--format=ustar", "--owner=0",
        "--group=0", "--numeric-owner", "--sort=name", "--mtime=@0", "-C", dir.toString(), "-cf",
        tar.toString()));
    try (var top = Files.list(dir)) {
      top.map(p -> p.getFileName().toString()).sorted().forEach(command::add);
    }
    SlimProcess.tool(tmp, command.toArray(String[]::new));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(Files.readAllBytes(tar));
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] compressed) throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(
        new java.io.ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    }
  }
}
