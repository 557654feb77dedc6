package dev.slim.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.slim.oci.Descriptor;
import dev.slim.oci.MediaTypes;
import dev.slim.registry.ImageRef;
import dev.slim.registry.RegistryAccess;
import dev.slim.registry.Sessions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Attaching an SBOM: the referrers API when the registry has it, else the fallback tag. */
class ReferrersTest {

  private static final Descriptor SUBJECT =
      new Descriptor(MediaTypes.OCI_MANIFEST, "sha256:" + "ab".repeat(32), 512);

  /** A loopback registry that accepts everything; {@code referrersApi} decides one answer. */
  private static HttpServer registry(boolean referrersApi, List<String> seen) throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      seen.add(method + " " + path + (path.contains("/manifests/") && method.equals("PUT")
          ? " " + new String(body, StandardCharsets.UTF_8) : ""));
      int status;
      byte[] answer = new byte[0];
      if (method.equals("HEAD") && path.contains("/blobs/")) {
        status = 404;
      } else if (method.equals("POST") && path.endsWith("/blobs/uploads/")) {
        exchange.getResponseHeaders().add("Location", "/v2/team/app/blobs/uploads/u1");
        status = 202;
      } else if (method.equals("PUT")) {
        status = 201;
      } else if (path.contains("/referrers/")) {
        if (referrersApi) {
          exchange.getResponseHeaders().add("Content-Type", MediaTypes.OCI_INDEX);
          answer = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX
              + "\",\"manifests\":[]}").getBytes(StandardCharsets.UTF_8);
          status = 200;
        } else {
          status = 404;
        }
      } else {
        status = 200;
      }
      exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
      exchange.close();
    });
    server.start();
    return server;
  }

  private static Referrers.Attached attach(HttpServer server) throws Exception {
    ImageRef target = ImageRef.parse("127.0.0.1:" + server.getAddress().getPort()
        + "/team/app:1");
    return Referrers.attach(target, Sessions.forTarget(new RegistryAccess(null, null, Set.of(),
        Map.of()), target.registry(), "slim"), SUBJECT,
        "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8),
        "application/spdx+json", "sbom", "sbom.spdx.json", "1970-01-01T00:00:00Z");
  }

  @Test
  void aRegistryWithTheReferrersApiGetsNoFallbackTag() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = registry(true, seen);
    try {
      Referrers.Attached attached = attach(server);
      assertThat(attached.tag()).isNull();
      assertThat(attached.describe()).endsWith(" (OCI referrer)");
      assertThat(seen).noneMatch(s -> s.contains("/manifests/sha256-"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRegistryWithoutItGetsTheSha256HexSbomTag() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = registry(false, seen);
    try {
      Referrers.Attached attached = attach(server);
      String tag = "sha256-" + "ab".repeat(32) + ".sbom";
      assertThat(attached.tag()).endsWith("/team/app:" + tag);
      String put = seen.stream().filter(s -> s.startsWith("PUT /v2/team/app/manifests/" + tag))
          .findFirst().orElseThrow();
      JsonNode manifest = new ObjectMapper().readTree(put.substring(put.indexOf('{')));
      assertThat(manifest.path("artifactType").asText()).isEqualTo("application/spdx+json");
      assertThat(manifest.path("subject").path("digest").asText()).isEqualTo(SUBJECT.digest());
      assertThat(manifest.path("config").path("mediaType").asText())
          .isEqualTo("application/vnd.oci.empty.v1+json");
      assertThat(manifest.path("layers").get(0).path("mediaType").asText())
          .isEqualTo("application/spdx+json");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theArtifactManifestIsCanonicalJsonWithSortedKeys() {
    Descriptor subject = new Descriptor(MediaTypes.OCI_MANIFEST, "sha256:" + "a".repeat(64), 512);
    byte[] bytes = Referrers.manifest(subject, "application/spdx+json", "sha256:" + "e".repeat(64),
        "sha256:" + "c".repeat(64), 1234, "app \"x\".spdx.json", "2026-01-01T00:00:00Z");

    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{"
        + "\"annotations\":{\"org.opencontainers.image.created\":\"2026-01-01T00:00:00Z\"},"
        + "\"artifactType\":\"application/spdx+json\","
        + "\"config\":{\"data\":\"e30=\",\"digest\":\"sha256:" + "e".repeat(64) + "\","
        + "\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"size\":2},"
        + "\"layers\":[{\"annotations\":{\"org.opencontainers.image.title\":"
        + "\"app \\\"x\\\".spdx.json\"},\"digest\":\"sha256:" + "c".repeat(64) + "\","
        + "\"mediaType\":\"application/spdx+json\",\"size\":1234}],"
        + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"schemaVersion\":2,"
        + "\"subject\":{\"digest\":\"sha256:" + "a".repeat(64) + "\","
        + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":512}}");
  }

}
