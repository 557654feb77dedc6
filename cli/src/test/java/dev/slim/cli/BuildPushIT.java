package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.testing.ImageCheck;
import dev.slim.testing.RegistryExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code slim build --push} against Debian's docker-registry, checked by outside clients. */
class BuildPushIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  @TempDir Path tmp;

  private JsonNode report(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  private SlimProcess.Run push(Path binary, String repoTag, Path report, String... extra)
      throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("build", binary.toString(), "--image",
        registry.host() + "/" + repoTag, "--push", "--report-json", report.toString()));
    args.addAll(List.of(extra));
    return SlimProcess.run(tmp, args.toArray(String[]::new));
  }

  private static byte[] get(String url, String accept) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<byte[]> response;
    try {
      response = HttpClient.newHttpClient()
          .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  @Test
  void pushesAnImageThatTheRegistryAndSkopeoAndUmociRead() throws Exception {
    Path report = tmp.resolve("r.json");
    SlimProcess.Run run = push(fixture("go-hello-linux-amd64"), "it/hello:1", report,
        "--env", "GREETING=hi", "--label", "team=core", "--port", "8080");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = report(report);
    String digest = json.path("image").path("digest").asText();
    assertThat(run.out()).isEqualTo(registry.host() + "/it/hello:1@" + digest + "\n");
    assertThat(json.path("layers").get(0).path("status").asText()).isEqualTo("uploaded");

    // the registry's own API: the manifest under the tag is ours, and every blob checks out
    String base = "http://" + registry.host() + "/v2/it/hello/";
    byte[] manifest = get(base + "manifests/1", "application/vnd.oci.image.manifest.v1+json");
    var files = ImageCheck.newFileMap();
    JsonNode config = ImageCheck.check(manifest, digest,
        d -> get(base + "blobs/" + d, null), files);
    assertThat(config.path("architecture").asText()).isEqualTo("amd64");
    assertThat(config.path("config").path("User").asText()).isEqualTo("65532:65532");
    ImageCheck.TarFile app = files.values().iterator().next().get(0);
    assertThat(app.name()).isEqualTo("app");
    assertThat(app.mode()).isEqualTo(0755);
    assertThat(app.uid()).isZero();
    assertThat(app.content()).isEqualTo(Files.readAllBytes(fixture("go-hello-linux-amd64")));

    // skopeo, a client nobody here wrote
    JsonNode skopeo = JSON.readTree(SlimProcess.tool(tmp, "skopeo", "inspect", "--tls-verify=false",
        "docker://" + registry.host() + "/it/hello:1"));
    assertThat(skopeo.path("Digest").asText()).isEqualTo(digest);
    assertThat(skopeo.path("Architecture").asText()).isEqualTo("amd64");
    assertThat(skopeo.path("Os").asText()).isEqualTo("linux");
    assertThat(skopeo.path("Env").toString()).contains("GREETING=hi");
    assertThat(skopeo.path("Labels").path("team").asText()).isEqualTo("core");

    // umoci unpacks it into a runtime bundle: /app is the fixture, 0755, owned by root
    SlimProcess.tool(tmp, "skopeo", "copy", "--src-tls-verify=false",
        "docker://" + registry.host() + "/it/hello:1", "oci:" + tmp.resolve("layout") + ":1");
    SlimProcess.tool(tmp, "umoci", "unpack", "--image", tmp.resolve("layout") + ":1",
        tmp.resolve("bundle").toString());
    Path unpacked = tmp.resolve("bundle/rootfs/app");
    assertThat(Files.readAllBytes(unpacked))
        .isEqualTo(Files.readAllBytes(fixture("go-hello-linux-amd64")));
    assertThat(Files.getPosixFilePermissions(unpacked))
        .extracting(Object::toString).contains("OWNER_EXECUTE", "GROUP_EXECUTE", "OTHERS_EXECUTE");
    assertThat(Files.getAttribute(unpacked, "unix:uid")).isEqualTo(0);
    JsonNode bundleConfig = JSON.readTree(tmp.resolve("bundle/config.json").toFile());
    assertThat(bundleConfig.path("process").path("user").path("uid").asInt()).isEqualTo(65532);
    assertThat(bundleConfig.path("process").path("args").get(0).asText()).isEqualTo("/app");
  }

  @Test
  void secondPushOfTheSameBinaryUploadsNothingAndReportsReuse() throws Exception {
    Path first = tmp.resolve("1.json");
    Path second = tmp.resolve("2.json");
    assertThat(push(fixture("c-musl-static"), "it/reuse:a", first).exit()).isZero();
    SlimProcess.Run run = push(fixture("c-musl-static"), "it/reuse:b", second);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = report(second);
    assertThat(json.path("totals").path("uploadedBytes").asLong()).isZero();
    assertThat(json.path("totals").path("reusedBytes").asLong())
        .isEqualTo(json.path("size").path("after").path("compressed").asLong());
    assertThat(json.path("layers").get(0).path("status").asText()).isEqualTo("reused");
    assertThat(json.path("config").path("status").asText()).isEqualTo("reused");
    assertThat(run.err()).contains("reused sha256:").doesNotContain("uploading")
        .contains(" reused, ");
  }

  @Test
  void aFailedGateNeverSaysPushedAndTheRegistryHasNoTag() throws Exception {
    Path report = tmp.resolve("gate.json");
    Path digestFile = tmp.resolve("digest.txt");
    SlimProcess.Run run = push(fixture("c-musl-static"), "it/gated:1", report,
        "--max-size", "1000", "--digest-file", digestFile.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(5);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).doesNotContainPattern("(?<!not )pushed ")
        .contains("image   " + registry.host() + "/it/gated:1 (not pushed: gate max-size"
            + " failed)\n")
        .endsWith(" bytes compressed, over --max-size 1000 bytes; not pushed\n");
    JsonNode json = report(report);
    assertThat(json.path("outcome").asText()).isEqualTo("not pushed");
    assertThat(json.path("gates").get(0).path("passed").asBoolean()).isFalse();
    assertThat(digestFile).doesNotExist();
    HttpResponse<String> tag = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://" + registry.host() + "/v2/it/gated/manifests/1")).header("Accept",
            "application/vnd.oci.image.manifest.v1+json").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(tag.statusCode()).as(tag.body()).isEqualTo(404);
  }

  @Test
  void oneByteChangeUploadsOnlyTheBinaryLayerAndComparesWithTheTag() throws Exception {
    Path binary = tmp.resolve("app");
    Files.copy(fixture("go-hello-linux-amd64"), binary);
    assertThat(push(binary, "it/change:1", tmp.resolve("1.json")).exit()).isZero();
    FileTime mtime = Files.getLastModifiedTime(binary);
    byte[] bytes = Files.readAllBytes(binary);
    bytes[bytes.length - 1] ^= 1;
    Files.write(binary, bytes);
    Files.setLastModifiedTime(binary, mtime);
    SlimProcess.Run run = push(binary, "it/change:1", tmp.resolve("2.json"));
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode before = report(tmp.resolve("1.json"));
    JsonNode after = report(tmp.resolve("2.json"));
    assertThat(after.path("image").path("digest").asText())
        .isNotEqualTo(before.path("image").path("digest").asText());
    assertThat(after.path("layers").get(0).path("status").asText()).isEqualTo("uploaded");
    assertThat(after.path("size").path("before").path("compressed").asLong())
        .isEqualTo(before.path("size").path("after").path("compressed").asLong());
  }

  /**
   * The file's path and mtime never reach the bytes. (Its git repository does, through the
   * creation time: the fixture's is this repository's commit, the copy's none; the same
   * SOURCE_DATE_EPOCH, as CI sets it, makes the times equal.)
   */
  @Test
  void twoBuildsOfTheSameInputGiveTheSameDigestEvenFromAnotherPath() throws Exception {
    Path copy = tmp.resolve("elsewhere/app");
    Files.createDirectories(copy.getParent());
    Files.copy(fixture("c-static-pie"), copy);
    Files.setLastModifiedTime(copy, FileTime.fromMillis(42));
    Map<String, String> epoch = Map.of("SOURCE_DATE_EPOCH", "1700000000");
    SlimProcess.Run a = SlimProcess.run(tmp, epoch, null, "build",
        fixture("c-static-pie").toString(), "--image", registry.host() + "/it/repro:a", "--push",
        "--report-json", tmp.resolve("a.json").toString());
    SlimProcess.Run b = SlimProcess.run(tmp, epoch, null, "build", copy.toString(), "--image",
        registry.host() + "/it/repro:b", "--push", "--report-json",
        tmp.resolve("b.json").toString());
    assertThat(a.exit()).isZero();
    assertThat(b.exit()).isZero();
    assertThat(report(tmp.resolve("a.json")).path("image").path("digest").asText())
        .isEqualTo(report(tmp.resolve("b.json")).path("image").path("digest").asText());
  }

  @Test
  void sourceDateEpochSetsTheCreationTime() throws Exception {
    Path report = tmp.resolve("t.json");
    SlimProcess.Run run = SlimProcess.run(tmp, Map.of("SOURCE_DATE_EPOCH", "1700000000"), null,
        "build", fixture("c-musl-static").toString(), "--image", registry.host() + "/it/time:1",
        "--push", "--report-json", report.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode skopeo = JSON.readTree(SlimProcess.tool(tmp, "skopeo", "inspect", "--tls-verify=false",
        "docker://" + registry.host() + "/it/time:1"));
    assertThat(skopeo.path("Created").asText()).startsWith("2023-11-14T22:13:20");
  }

  @Test
  void dockerFormatPushesADockerManifest() throws Exception {
    SlimProcess.Run run = push(fixture("c-musl-static"), "it/docker:1", tmp.resolve("d.json"),
        "--format", "docker");
    assertThat(run.exit()).as(run.err()).isZero();
    String raw = SlimProcess.tool(tmp, "skopeo", "inspect", "--raw", "--tls-verify=false",
        "docker://" + registry.host() + "/it/docker:1");
    assertThat(raw).contains("application/vnd.docker.distribution.manifest.v2+json");
  }

  @Test
  void unreachableRegistryIsExitFourNamingTheRegistry() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SlimProcess.Run run = SlimProcess.run(tmp, "build", fixture("c-musl-static").toString(),
        "--image", "127.0.0.1:" + port + "/it/x:1", "--push");
    assertThat(run.exit()).isEqualTo(4);
    assertThat(run.err()).contains("127.0.0.1:" + port).doesNotContain("Exception");
  }

  @Test
  void severalTagsPushTheImageOnceAndEveryTagResolvesToTheSameDigest() throws Exception {
    Path report = tmp.resolve("tags.json");
    Path digestFile = tmp.resolve("tags.digest");
    SlimProcess.Run run = push(fixture("c-musl-static"), "it/tags:1.2.3", report, "-t", "1.2",
        "--tag", "latest", "--tag", "1.2", "--tag", "1.2.3", "--digest-file",
        digestFile.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode json = report(report);
    String digest = json.path("image").path("digest").asText();
    String repo = registry.host() + "/it/tags";
    String lines = repo + ":1.2.3@" + digest + "\n" + repo + ":1.2@" + digest + "\n" + repo
        + ":latest@" + digest + "\n";
    assertThat(run.out()).isEqualTo(lines);
    assertThat(Files.readString(digestFile)).isEqualTo(lines);
    assertThat(json.path("image").path("reference").asText()).isEqualTo(repo + ":1.2.3@" + digest);
    assertThat(JSON.convertValue(json.path("image").path("references"), List.class))
        .containsExactly(repo + ":1.2.3@" + digest, repo + ":1.2@" + digest,
            repo + ":latest@" + digest);
    assertThat(run.err()).contains("tagged  " + repo + ":1.2@" + digest + "\n");
    for (String tag : List.of("1.2.3", "1.2", "latest")) {
      JsonNode skopeo = JSON.readTree(SlimProcess.tool(tmp, "skopeo", "inspect",
          "--tls-verify=false", "docker://" + repo + ":" + tag));
      assertThat(skopeo.path("Digest").asText()).as(tag).isEqualTo(digest);
    }
    JsonNode list = JSON.readTree(get("http://" + registry.host() + "/v2/it/tags/tags/list", null));
    assertThat(JSON.convertValue(list.path("tags"), List.class))
        .containsExactlyInAnyOrder("1.2.3", "1.2", "latest");
  }

  @Test
  void severalTagsOfAMultiArchImageAllNameTheIndex() throws Exception {
    Path report = tmp.resolve("multi.json");
    List<String> args = List.of("build", fixture("go-hello-linux-amd64").toString(),
        fixture("go-hello-linux-arm64").toString(), "--image", registry.host() + "/it/multi:1",
        "--push", "--tag", "stable", "--report-json", report.toString());
    SlimProcess.Run run = SlimProcess.run(tmp, args.toArray(String[]::new));
    assertThat(run.exit()).as(run.err()).isZero();
    String digest = report(report).path("image").path("digest").asText();
    String repo = registry.host() + "/it/multi";
    assertThat(run.out()).isEqualTo(repo + ":1@" + digest + "\n" + repo + ":stable@" + digest
        + "\n");
    for (String tag : List.of("1", "stable")) {
      byte[] index = get("http://" + registry.host() + "/v2/it/multi/manifests/" + tag,
          "application/vnd.oci.image.index.v1+json");
      assertThat(ImageCheck.sha256(index)).as(tag).isEqualTo(digest);
      assertThat(new String(index, java.nio.charset.StandardCharsets.UTF_8))
          .contains("application/vnd.oci.image.index.v1+json");
    }
  }
}
