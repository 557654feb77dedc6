package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud credentials through jib-core, asked only after the Docker config found nothing: a fake
 * {@code docker-credential-gcr} / {@code -ecr-login} on {@code PATH}, and a service account file
 * whose {@code token_uri} is a token server this test runs. Each case runs
 * {@link CredentialsProbe} as its own process, since the JVM looks a helper up on its own
 * {@code PATH} and Google's library reads the process environment.
 */
@Timeout(60)
class CloudCredentialsTest {

  @TempDir Path tmp;

  /** A helper that logs its argument and the server address it is given, then answers. */
  private Path helper(String name, String username, String secret) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path script = bin.resolve(name);
    Files.writeString(script, "#!/bin/sh\nread server\necho \"$1 $server\" >> "
        + tmp.resolve("asked") + "\necho '{\"ServerURL\":\"'$server'\",\"Username\":\"" + username
        + "\",\"Secret\":\"" + secret + "\"}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private List<String> asked() throws IOException {
    Path log = tmp.resolve("asked");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /** Runs the probe with a clean environment: no Docker config, no gcloud login. */
  private String probe(String registry, Map<String, String> extra, List<String> jvm)
      throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvm);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        CredentialsProbe.class.getName(), registry));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("DOCKER_") || k.startsWith("GOOGLE_")
        || k.startsWith("CLOUDSDK_") || k.startsWith("AWS_"));
    env.put("HOME", home.toString());
    env.put("PATH", "/usr/bin:/bin");
    env.put("NO_GCE_CHECK", "true");
    env.putAll(extra);
    Path out = tmp.resolve("probe.out");
    Path err = tmp.resolve("probe.err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    try {
      assertThat(process.waitFor(50, TimeUnit.SECONDS)).as("probe finished").isTrue();
    } finally {
      process.destroyForcibly();
    }
    assertThat(process.exitValue()).as(Files.readString(err)).isZero();
    return Files.readString(out);
  }

  private String probe(String registry, Map<String, String> extra) throws Exception {
    return probe(registry, extra, List.of());
  }

  @Test
  void gcrHelperOnPathGivesCredentialsForGcrWithoutADockerConfig() throws Exception {
    Path bin = helper("docker-credential-gcr", "_dcgcr_2_0_0_token", "gcr-secret");
    assertThat(probe("eu.gcr.io", Map.of("PATH", bin + ":/usr/bin:/bin")))
        .isEqualTo("_dcgcr_2_0_0_token gcr-secret\n");
    assertThat(asked()).containsExactly("get eu.gcr.io");
  }

  @Test
  void ecrLoginHelperOnPathGivesCredentialsForEcr() throws Exception {
    Path bin = helper("docker-credential-ecr-login", "AWS", "ecr-secret");
    String ecr = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    assertThat(probe(ecr, Map.of("PATH", bin + ":/usr/bin:/bin"))).isEqualTo("AWS ecr-secret\n");
    assertThat(asked()).containsExactly("get " + ecr);
  }

  @Test
  void theDockerConfigComesFirstAndTheCloudHelperIsNotAsked() throws Exception {
    Path bin = helper("docker-credential-gcr", "_dcgcr_token", "gcr-secret");
    Path config = Files.createDirectories(tmp.resolve("docker"));
    Files.writeString(config.resolve("config.json"), "{\"auths\":{\"gcr.io\":{\"auth\":\""
        + Base64.getEncoder().encodeToString("me:from-config".getBytes(StandardCharsets.UTF_8))
        + "\"}}}");
    assertThat(probe("gcr.io", Map.of("PATH", bin + ":/usr/bin:/bin",
        "DOCKER_CONFIG", config.toString()))).isEqualTo("me from-config\n");
    assertThat(asked()).isEmpty();
  }

  @Test
  void aHelperForAnotherRegistryIsNeverAskedNorJibLoaded() throws Exception {
    Path bin = helper("docker-credential-gcr", "_dcgcr_token", "gcr-secret");
    String out = probe("registry.example.com", Map.of("PATH", bin + ":/usr/bin:/bin"),
        List.of("-verbose:class"));
    assertThat(out).contains("\nnone\n").doesNotContain("com.google.cloud.tools")
        .contains("dev.slim.registry.DockerConfigCredentials",
            "dev.slim.registry.CloudRegistries");
    assertThat(asked()).isEmpty();
  }

  @Test
  void aServiceAccountFileGivesAnAccessTokenFromItsTokenServer() throws Exception {
    List<String> forms = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", exchange -> {
      forms.add(exchange.getRequestMethod() + " " + new String(
          exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = ("{\"access_token\":\"ya29.from-loopback\",\"expires_in\":3600,"
          + "\"token_type\":\"Bearer\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      var keys = KeyPairGenerator.getInstance("RSA");
      keys.initialize(2048);
      String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(
          StandardCharsets.US_ASCII)).encodeToString(keys.generateKeyPair().getPrivate()
          .getEncoded()) + "\n-----END PRIVATE KEY-----\n";
      Map<String, String> account = new HashMap<>();
      account.put("type", "service_account");
      account.put("project_id", "slim-test");
      account.put("private_key_id", "k1");
      account.put("private_key", pem);
      account.put("client_email", "pusher@slim-test.iam.gserviceaccount.com");
      account.put("client_id", "1");
      account.put("token_uri", "http://127.0.0.1:" + server.getAddress().getPort() + "/token");
      Path file = tmp.resolve("account.json");
      Files.writeString(file, new ObjectMapper().writeValueAsString(account));

      assertThat(probe("europe-docker.pkg.dev",
          Map.of("GOOGLE_APPLICATION_CREDENTIALS", file.toString())))
          .isEqualTo("oauth2accesstoken ya29.from-loopback\n");
      assertThat(forms).hasSize(1);
      assertThat(forms.get(0)).startsWith("POST ")
          .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")
          .contains("assertion=");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void noHelperAndNoApplicationDefaultCredentialsIsNoCredentials() throws Exception {
    assertThat(probe("gcr.io", Map.of())).isEqualTo("none\n");
  }
}
