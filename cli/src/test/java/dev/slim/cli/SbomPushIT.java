package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.testing.RegistryExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slim build --push --sbom} and {@code slim build DIR} (slim.yaml) against Debian's
 * docker-registry, which has no referrers API: the SBOM must be reachable by the fallback tag.
 */
class SbomPushIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  @TempDir Path tmp;

  private static JsonNode get(String path, String accept) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://" + registry.host() + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      HttpResponse<byte[]> response = HttpClient.newHttpClient()
          .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      return JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Test
  void slimYamlInAFolderBuildsAndPushesWithAnSbomAttachedByTheFallbackTag() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.copy(fixture("go-hello-linux-amd64"), project.resolve("hello"));
    Files.writeString(project.resolve("slim.yaml"), String.join("\n",
        "apiVersion: slim/v1",
        "kind: Image",
        "image: " + registry.host() + "/it/sbom:${TAG}",
        "binary: ./hello",
        "env:",
        "  GREETING: hi",
        "ports: [8080]",
        "reports:",
        "  json: out/report.json",
        "sbom:",
        "  output: out/sbom.spdx.json",
        ""));
    SlimProcess.Run run = SlimProcess.run(tmp, "build", project.toString(), "--push",
        "--env", "EXTRA=1");
    assertThat(run.exit()).as(run.err()).isNotZero(); // TAG is not set: an error, not empty
    assertThat(run.err()).contains("slim.yaml:3: property 'image': environment variable TAG is"
        + " not set");

    run = SlimProcess.run(tmp, java.util.Map.of("TAG", "1"), null, "build", project.toString(),
        "--push", "--env", "EXTRA=1");
    assertThat(run.exit()).as(run.err()).isZero();
    String digest = run.out().strip().substring(run.out().indexOf('@') + 1);

    JsonNode report = JSON.readTree(project.resolve("out/report.json").toFile());
    String tag = digest.replace(':', '-') + ".sbom";
    assertThat(report.path("sbom").toString())
        .contains(project.resolve("out/sbom.spdx.json").toString())
        .contains("tagged " + registry.host() + "/it/sbom:" + tag);
    assertThat(run.err()).contains("sbom    ");

    JsonNode manifest = get("/v2/it/sbom/manifests/" + digest,
        "application/vnd.oci.image.manifest.v1+json");
    JsonNode config = get("/v2/it/sbom/blobs/" + manifest.path("config").path("digest").asText(),
        null);
    assertThat(config.path("config").path("Env").toString()).contains("GREETING=hi")
        .contains("EXTRA=1");
    assertThat(config.path("config").path("ExposedPorts").has("8080/tcp")).isTrue();

    JsonNode artifact = get("/v2/it/sbom/manifests/" + tag,
        "application/vnd.oci.image.manifest.v1+json");
    assertThat(artifact.path("artifactType").asText()).isEqualTo("application/spdx+json");
    assertThat(artifact.path("subject").path("digest").asText()).isEqualTo(digest);
    JsonNode sbom = get("/v2/it/sbom/blobs/" + artifact.path("layers").get(0).path("digest")
        .asText(), null);
    assertThat(sbom.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
    assertThat(sbom.toString()).contains("pkg:golang/stdlib@go1.19.8");
    assertThat(JSON.readTree(project.resolve("out/sbom.spdx.json").toFile())).isEqualTo(sbom);
  }

  @Test
  void aMultiArchPushAttachesOneSbomToEachPlatformManifest() throws Exception {
    String ref = registry.host() + "/it/sbom-multi:1";
    Path report = tmp.resolve("multi.json");
    SlimProcess.Run run = SlimProcess.run(tmp, "build", fixture("go-hello-linux-amd64")
        .toString(), fixture("go-hello-linux-arm64").toString(), "--image", ref, "--push",
        "--sbom", "--report-json", report.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    String digest = run.out().strip().substring(run.out().indexOf('@') + 1);
    JsonNode index = get("/v2/it/sbom-multi/manifests/" + digest,
        "application/vnd.oci.image.index.v1+json");
    assertThat(index.path("manifests")).hasSize(2);
    for (JsonNode child : index.path("manifests")) {
      String tag = child.path("digest").asText().replace(':', '-') + ".sbom";
      JsonNode artifact = get("/v2/it/sbom-multi/manifests/" + tag,
          "application/vnd.oci.image.manifest.v1+json");
      assertThat(artifact.path("subject").path("digest").asText())
          .isEqualTo(child.path("digest").asText());
    }
    assertThat(JSON.readTree(report.toFile()).path("sbom")).hasSize(2);
  }
}
