package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.testing.RegistryExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code slim build --push --pin} and {@code slim pin --digests} against Debian's docker-registry:
 * the digest written into the manifests is the one the registry serves.
 */
class PinIT {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  @TempDir Path tmp;

  /** fixtures/k8s's deployment and kustomization, their shop images on the test registry. */
  private Path manifests() throws Exception {
    Path deploy = Files.createDirectories(tmp.resolve("deploy"));
    for (String name : List.of("deployment.yaml", "kustomization.yaml")) {
      String text = Files.readString(fixture("k8s").resolve(name));
      Files.writeString(deploy.resolve(name),
          text.replace("registry.example.com/shop/", registry.host() + "/shop/"));
    }
    return deploy;
  }

  private static HttpResponse<byte[]> manifest(String repository, String reference)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/"
        + repository + "/manifests/" + reference))
        .header("Accept", "application/vnd.oci.image.manifest.v1+json").build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  @SuppressWarnings("unchecked")
  private static Object at(Object node, Object... path) {
    Object at = node;
    for (Object step : path) {
      at = step instanceof Integer i ? ((List<Object>) at).get(i)
          : ((Map<String, Object>) at).get(step);
    }
    return at;
  }

  private static Object yaml(Path file) throws Exception {
    return new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void buildPushPinWritesTheServedDigestIntoTheManifestsAndSlimPinThenChangesNothing()
      throws Exception {
    Path deploy = manifests();
    String before = Files.readString(deploy.resolve("deployment.yaml"));
    Path digests = tmp.resolve("digests.txt");
    String ref = registry.host() + "/shop/api:1.4.0";

    SlimProcess.Run build = SlimProcess.run(tmp, "build",
        fixture("go-hello-linux-amd64").toString(), "--image", ref, "--push",
        "--digest-file", digests.toString(), "--pin", deploy.toString());

    assertThat(build.exit()).as(build.err()).isZero();
    String line = Files.readString(digests).strip();
    String digest = line.substring(line.indexOf('@') + 1);
    assertThat(build.out()).isEqualTo(line + "\n");
    assertThat(build.err()).contains(deploy.resolve("deployment.yaml") + "\n"
        + deploy.resolve("kustomization.yaml") + "\npinned 2 image fields in 2 files (2 read)\n");
    // the registry serves that digest, and its bytes hash to it
    HttpResponse<byte[]> served = manifest("shop/api", digest);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat("sha256:" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(served.body()))).isEqualTo(digest);

    String api = registry.host() + "/shop/api";
    assertThat(Files.readString(deploy.resolve("deployment.yaml"))).isEqualTo(before.replace(
        "\"" + api + ":1.4.0\"", "\"" + api + "@" + digest + "\""));
    Object spec = at(yaml(deploy.resolve("deployment.yaml")), "spec", "template", "spec");
    assertThat(at(spec, "containers", 0, "image")).isEqualTo(api + "@" + digest);
    assertThat(at(spec, "initContainers", 0, "image"))
        .isEqualTo(registry.host() + "/shop/migrate:1.4.0");
    assertThat(at(yaml(deploy.resolve("kustomization.yaml")), "images", 0))
        .isEqualTo(Map.of("name", "api", "newName", api, "digest", digest));

    String pinned = Files.readString(deploy.resolve("kustomization.yaml"));
    SlimProcess.Run again = SlimProcess.run(tmp, "pin", "--digests", digests.toString(),
        deploy.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).isEmpty();
    assertThat(again.err()).isEqualTo("pinned 0 image fields in 0 files (2 read)\n");
    assertThat(Files.readString(deploy.resolve("kustomization.yaml"))).isEqualTo(pinned);
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void slimPinTakesTheDigestFileOfAnEarlierBuild() throws Exception {
    Path deploy = manifests();
    Path digests = tmp.resolve("digests.txt");
    SlimProcess.Run build = SlimProcess.run(tmp, "build",
        fixture("go-hello-linux-amd64").toString(), "--image",
        registry.host() + "/shop/migrate:1.4.0", "--tag", "latest", "--push",
        "--digest-file", digests.toString());
    assertThat(build.exit()).as(build.err()).isZero();
    assertThat(Files.readAllLines(digests)).hasSize(2);
    String digest = build.out().substring(build.out().indexOf('@') + 1).lines().findFirst()
        .orElseThrow();

    SlimProcess.Run dry = SlimProcess.run(tmp, "pin", "--dry-run", "--digests",
        digests.toString(), deploy.toString());
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("+          image: " + registry.host() + "/shop/migrate@"
        + digest + "   # runs the schema migrations\n");
    assertThat(dry.err()).isEqualTo("would pin 2 image fields in 2 files (2 read)\n");

    SlimProcess.Run pin = SlimProcess.run(tmp, "pin", "--digests", digests.toString(),
        deploy.toString());
    assertThat(pin.exit()).as(pin.err()).isZero();
    assertThat(at(yaml(deploy.resolve("deployment.yaml")), "spec", "template", "spec",
        "initContainers", 0, "image")).isEqualTo(registry.host() + "/shop/migrate@" + digest);
    assertThat(manifest("shop/migrate", digest).statusCode()).isEqualTo(200);
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void brokenYamlToPinFailsTheBuildBeforeAnythingIsPushed() throws Exception {
    Path deploy = manifests();
    Files.writeString(deploy.resolve("broken.yaml"), "kind: Pod\nspec: [\n");

    SlimProcess.Run build = SlimProcess.run(tmp, "build",
        fixture("go-hello-linux-amd64").toString(), "--image",
        registry.host() + "/shop/never:1", "--push", "--pin", deploy.toString());

    assertThat(build.exit()).isEqualTo(2);
    assertThat(build.err()).startsWith("slim: --pin " + deploy.resolve("broken.yaml")
        + ":3: not valid YAML: ");
    assertThat(manifest("shop/never", "1").statusCode()).isEqualTo(404);
  }
}
