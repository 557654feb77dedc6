package dev.slim.cli;

import static dev.slim.cli.SlimProcess.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slim.testing.RegistryExtension;
import dev.slim.testing.RegistryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slim build DIR DIR...} and {@code slim build ./...}: several service folders built and
 * pushed in one run to a real registry that asks for a password, one of them broken.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ManyImagesIT {

  private static final String USER = "ci-bot";
  private static final String PASSWORD = "many-s3cret";
  private static final String CHALLENGE = "basic authentication challenge";
  @RegisterExtension
  static final RegistryExtension registry = RegistryExtension.withBasicAuth(USER, PASSWORD);

  @TempDir Path tmp;

  /** A service folder: its own variant of a fixture and a slim.yaml pushing it to REPO:1. */
  private Path service(String name, String fixture, String base, String repository)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("services").resolve(name));
    Files.copy(fixture(fixture), dir.resolve("app"));
    Files.write(dir.resolve("app"), name.getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    Files.writeString(dir.resolve("slim.yaml"), "apiVersion: slim/v1\nkind: Image\n"
        + "image: " + registry.host() + "/" + repository + ":1\nbase: " + base + "\n"
        + "binary: ./app\nignoreWarnings: [go-build-id]\n");
    return dir;
  }

  private Map<String, String> env() throws Exception {
    Path config = Files.createDirectories(tmp.resolve("docker"));
    Files.writeString(config.resolve("config.json"), "{}");
    Map<String, String> env = new HashMap<>();
    env.put("DOCKER_CONFIG", config.toString());
    env.put("CI", "true");
    env.put("SOURCE_DATE_EPOCH", "1714560000");
    return env;
  }

  @Test
  void buildsEveryServiceOverOneSessionAndTagsNothingOfTheBrokenOne() throws Exception {
    service("api", "go-hello-linux-amd64", "scratch", "many/api");
    service("billing", "go-hello-linux-amd64", "static", "many/billing");
    service("cgo", "go-cgo-dynamic-linux-amd64", "scratch", "many/cgo");
    service("mail", "go-hello-linux-amd64", "static", "many/mail");
    service("web", "go-hello-linux-amd64", "scratch", "many/web");
    // not searched: hidden folders, target/, node_modules/
    for (String skipped : List.of(".git", "target", "node_modules")) {
      Path dir = Files.createDirectories(tmp.resolve("services").resolve(skipped).resolve("x"));
      Files.writeString(dir.resolve("slim.yaml"), "not: [a slim.yaml");
    }
    Path summary = tmp.resolve("summary.md");
    Files.writeString(summary, "# earlier step\n");
    Map<String, String> env = env();
    env.put("GITHUB_STEP_SUMMARY", summary.toString());
    long challengesBefore = challenges();

    SlimProcess.Run run = SlimProcess.run(tmp, env, PASSWORD + "\n", "build", "services/...",
        "--push", "--username", USER, "--password-stdin", "--digest-file", "digests.txt",
        "--report-json", "report.json", "--report-markdown", "report.md");
    long challenged = challenges() - challengesBefore;

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.REJECTED);
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(4);
    List<String> repositories = List.of("many/api", "many/billing", "many/mail", "many/web");
    for (int i = 0; i < 4; i++) {
      assertThat(lines.get(i)).as("in the order of the folders")
          .startsWith(registry.host() + "/" + repositories.get(i) + ":1@sha256:");
      String digest = lines.get(i).substring(lines.get(i).indexOf('@') + 1);
      assertThat(manifestDigest(repositories.get(i), "1")).isEqualTo(digest);
    }
    assertThat(Files.readString(tmp.resolve("digests.txt"))).isEqualTo(run.out());
    // an outside client reads the mounted static base as any other image's layers
    JsonNode inspected = new ObjectMapper().readTree(SlimProcess.tool(tmp, "skopeo", "inspect",
        "--tls-verify=false", "--creds", USER + ":" + PASSWORD,
        "docker://" + registry.host() + "/many/mail:1"));
    assertThat(inspected.path("Digest").asText()).isEqualTo(
        lines.get(2).substring(lines.get(2).indexOf('@') + 1));
    assertThat(inspected.path("Layers")).hasSize(3);
    assertThat(tags("many/cgo")).as("nothing of the broken image").isEqualTo(404);
    assertThat(challenged)
        .as("one session for the registry: its challenge is met once, not once per image")
        .isEqualTo(1);
    assertThat(run.err())
        .contains("5 images: 4 done, 1 not; ")
        .contains("1 registry session")
        .contains("failed: " + registry.host() + "/many/cgo:1 (services/cgo): "
            + tmp.resolve("services/cgo/app").toRealPath() + ": dynamically linked")
        .contains(registry.host() + "/many/billing:1: compressing binary /app...\n")
        .contains(registry.host() + "/many/mail:1: done " + lines.get(2) + "\n")
        .doesNotContain(PASSWORD);
    assertThat(run.err()).as("the second static image mounts the base the first pushed")
        .containsPattern("many/mail:1: mounted sha256:[0-9a-f]{12} from many/billing");

    JsonNode report = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
    assertThat(report.path("schema").asText()).isEqualTo("slim/build-reports/v1");
    assertThat(report.path("images")).hasSize(5);
    assertThat(report.path("images").get(2).path("status").asText()).isEqualTo("failed");
    assertThat(report.path("images").get(2).path("report").isNull()).isTrue();
    assertThat(report.path("images").get(0).path("report").path("image").path("reference")
        .asText()).isEqualTo(lines.get(0));
    JsonNode totals = report.path("totals");
    assertThat(totals.path("succeeded").asInt()).isEqualTo(4);
    assertThat(totals.path("failed").asInt()).isEqualTo(1);
    assertThat(totals.path("sessions").asInt()).isEqualTo(1);
    assertThat(totals.path("uploadedBytes").asLong()).isPositive();
    assertThat(totals.path("reusedBytes").asLong()).as("the mounted static base").isPositive();
    String markdown = Files.readString(tmp.resolve("report.md"));
    assertThat(markdown).startsWith("### slim build: 5 images, 4 done, 1 not\n")
        .contains("| `" + registry.host() + "/many/cgo:1` | failed: ");
    assertThat(Files.readString(summary)).isEqualTo("# earlier step\n" + markdown);
  }

  @Test
  void failFastStartsNoImageAfterTheFirstFailure() throws Exception {
    Path broken = service("a-broken", "go-cgo-dynamic-linux-amd64", "scratch", "fast/broken");
    Path next = service("b-next", "go-hello-linux-amd64", "scratch", "fast/next");
    SlimProcess.Run run = SlimProcess.run(tmp, env(), PASSWORD + "\n", "build",
        broken.toString(), next.toString(), "--push", "--username", USER, "--password-stdin",
        "--jobs", "1", "--fail-fast");
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.REJECTED);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("skipped: " + registry.host() + "/fast/next:1 (" + next
        + "): not built: --fail-fast stopped the run after " + registry.host()
        + "/fast/broken:1 failed\n");
    assertThat(tags("fast/next")).isEqualTo(404);
  }

  @Test
  void withoutFailFastTheRunGoesOnAfterAFailure() throws Exception {
    Path broken = service("a-broken", "go-cgo-dynamic-linux-amd64", "scratch", "on/broken");
    Path next = service("b-next", "go-hello-linux-amd64", "scratch", "on/next");
    Path deploy = tmp.resolve("deploy.yaml");
    String manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n"
        + "    - name: next\n      image: " + registry.host() + "/on/next:0 # the service\n"
        + "    - name: broken\n      image: " + registry.host() + "/on/broken:0\n";
    Files.writeString(deploy, manifest);
    SlimProcess.Run run = SlimProcess.run(tmp, env(), PASSWORD + "\n", "build",
        broken.toString(), next.toString(), "--push", "--username", USER, "--password-stdin",
        "--jobs", "1", "--pin", deploy.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.REJECTED);
    assertThat(run.out()).startsWith(registry.host() + "/on/next:1@sha256:");
    assertThat(tags("on/next")).isEqualTo(200);
    String digest = run.out().strip().substring(run.out().indexOf('@') + 1);
    assertThat(Files.readString(deploy)).as("the image done is pinned, the failed one is not")
        .isEqualTo(manifest.replace("/on/next:0", "/on/next@" + digest));
  }

  @Test
  void theExitCodeIsTheMostSevereOfTheImagesAndEachFailureIsNamed() throws Exception {
    service("a-ok", "go-hello-linux-amd64", "scratch", "worst/ok");
    service("b-big", "go-hello-linux-amd64", "static", "worst/big");
    service("c-broken", "go-cgo-dynamic-linux-amd64", "scratch", "worst/broken");
    Path away = service("d-away", "go-hello-linux-amd64", "scratch", "worst/away");
    // a registry nobody listens on: a registry error of this image alone
    Files.writeString(away.resolve("slim.yaml"), Files.readString(away.resolve("slim.yaml"))
        .replace(registry.host(), "127.0.0.1:1"));
    SlimProcess.Run run = SlimProcess.run(tmp, env(), PASSWORD + "\n", "build", "services/...",
        "--push", "--username", USER, "--password-stdin", "--max-size", "600000");
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.REGISTRY);
    assertThat(run.out().lines().toList()).hasSize(1).first().asString()
        .startsWith(registry.host() + "/worst/ok:1@sha256:");
    assertThat(run.err())
        .contains("4 images: 1 done, 3 not; ")
        .contains("not pushed: " + registry.host() + "/worst/big:1 (services/b-big): gate"
            + " max-size failed")
        .contains("failed: " + registry.host() + "/worst/broken:1 (services/c-broken): ")
        .contains("failed: 127.0.0.1:1/worst/away:1 (services/d-away): ");
    assertThat(tags("worst/ok")).isEqualTo(200);
    assertThat(tags("worst/big")).as("a failed gate tags nothing").isEqualTo(404);
  }

  @Test
  void onATerminalEachImageHasOneLineRedrawnInPlace() throws Exception {
    try (RegistryServer open = RegistryServer.start()) {
      for (String name : List.of("one", "two")) {
        Path dir = service(name, "go-hello-linux-amd64", "static", "live/" + name);
        Files.writeString(dir.resolve("slim.yaml"), Files.readString(dir.resolve("slim.yaml"))
            .replace(registry.host(), open.host()));
      }
      SlimProcess.Run run = SlimProcess.runOnTerminal(tmp, null, "build", "services/...",
          "--push", "--created", "1714560000");
      assertThat(run.exit()).as(run.out()).isZero();
      String out = run.out();
      assertThat(out).as("the view moves up over its two lines to redraw them")
          .contains("\033[2A");
      for (String name : List.of("one", "two")) {
        assertThat(out).containsPattern(Pattern.quote("\r\033[K" + open.host() + "/live/" + name
            + ":1  done sha256:") + "[0-9a-f]{12}\r?\n");
        assertThat(out).as("the full reference still goes to stdout")
            .containsPattern(Pattern.quote(open.host() + "/live/" + name + ":1@sha256:")
                + "[0-9a-f]{64}");
      }
      assertThat(out).doesNotContain(open.host() + "/live/one:1: compressing");
    }
  }

  /** The registry's log lines for a 401 challenge so far. */
  private static long challenges() {
    Matcher m = Pattern.compile(Pattern.quote(CHALLENGE)).matcher(registry.server().log());
    long n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://" + registry.host() + path))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HttpClient.newHttpClient().send(request.build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int tags(String repository) throws Exception {
    return get("/v2/" + repository + "/tags/list", null).statusCode();
  }

  private static String manifestDigest(String repository, String tag) throws Exception {
    HttpResponse<String> answer = get("/v2/" + repository + "/manifests/" + tag,
        "application/vnd.oci.image.manifest.v1+json");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    List<String> digest = new ArrayList<>(answer.headers().allValues("Docker-Content-Digest"));
    assertThat(digest).hasSize(1);
    return digest.get(0);
  }
}
