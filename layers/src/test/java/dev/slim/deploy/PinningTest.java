package dev.slim.deploy;

import static dev.slim.deploy.K8sFixtures.API;
import static dev.slim.deploy.K8sFixtures.APP;
import static dev.slim.deploy.K8sFixtures.BUILT;
import static dev.slim.deploy.K8sFixtures.MIGRATE;
import static dev.slim.deploy.K8sFixtures.REPORT;
import static dev.slim.deploy.K8sFixtures.TOOL;
import static dev.slim.deploy.K8sFixtures.WORKER;
import static dev.slim.deploy.K8sFixtures.at;
import static dev.slim.deploy.K8sFixtures.documents;
import static dev.slim.deploy.K8sFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Pinning} on the hand-written manifests of fixtures/k8s (see its README). */
class PinningTest {

  @TempDir Path tmp;
  Path k8s;
  final Map<String, String> before = new HashMap<>();

  @BeforeEach
  void copyFixtures() throws Exception {
    k8s = K8sFixtures.copy(tmp.resolve("k8s"));
    for (String name : List.of("deployment.yaml", "cronjob.yaml", "multi.yaml", "pod.yaml",
        "kustomization.yaml")) {
      before.put(name, read(k8s.resolve(name)));
    }
  }

  private PinResult pin(boolean dryRun, Path... paths) throws Exception {
    return Pinning.pin(new PinRequest(BUILT, List.of(paths), dryRun));
  }

  /** {@code text} with each {@code from} (which must occur exactly once) made {@code to}. */
  private static String replaced(String text, String... pairs) {
    String out = text;
    for (int i = 0; i < pairs.length; i += 2) {
      assertThat(out.indexOf(pairs[i])).as(pairs[i]).isNotNegative()
          .isEqualTo(out.lastIndexOf(pairs[i]));
      out = out.replace(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  @Test
  void pinsTheInitContainerAndTheAppButNotTheSidecarOrLookalikes() throws Exception {
    Path file = k8s.resolve("deployment.yaml");
    PinResult result = pin(false, file);

    String after = read(file);
    assertThat(after).isEqualTo(replaced(before.get("deployment.yaml"),
        "image: registry.example.com/shop/migrate:1.4.0   #",
        "image: registry.example.com/shop/migrate@" + MIGRATE + "   #",
        "image: \"registry.example.com/shop/api:1.4.0\"",
        "image: \"registry.example.com/shop/api@" + API + "\""));
    Object spec = at(documents(after).get(0), "spec", "template", "spec");
    assertThat(at(spec, "initContainers", 0, "image"))
        .isEqualTo("registry.example.com/shop/migrate@" + MIGRATE);
    assertThat(at(spec, "containers", 0, "image"))
        .isEqualTo("registry.example.com/shop/api@" + API);
    assertThat(at(spec, "containers", 1, "image")).isEqualTo("docker.io/envoyproxy/envoy:v1.30.1");
    assertThat(result.changed()).containsExactly(new PinResult.Change(file, 2));
  }

  @Test
  void pinsACronJobsJobTemplateReplacingAnOldDigestAndDroppingTheTag() throws Exception {
    Path file = k8s.resolve("cronjob.yaml");
    pin(false, file);

    String after = read(file);
    assertThat(after).isEqualTo(replaced(before.get("cronjob.yaml"),
        "'registry.example.com/shop/report:2.0@sha256:" + "0".repeat(64) + "'",
        "'registry.example.com/shop/report@" + REPORT + "'"));
    assertThat(at(documents(after).get(0), "spec", "jobTemplate", "spec", "template", "spec",
        "containers", 0, "image")).isEqualTo("registry.example.com/shop/report@" + REPORT);
  }

  @Test
  void pinsFlowStyleAndEphemeralContainersOfAMultiDocumentFileAndNothingElse() throws Exception {
    Path file = k8s.resolve("multi.yaml");
    pin(false, file);

    String after = read(file);
    assertThat(after).isEqualTo(replaced(before.get("multi.yaml"),
        "[{name: worker, image: registry.example.com/shop/worker:2.1,",
        "[{name: worker, image: registry.example.com/shop/worker@" + WORKER + ",",
        "image: registry.example.com/shop/worker   # no tag",
        "image: registry.example.com/shop/worker@" + WORKER + "   # no tag"));
    List<Object> docs = documents(after);
    assertThat(docs).hasSize(3);
    Object spec = at(docs.get(1), "spec", "template", "spec");
    assertThat(at(spec, "containers", 0, "image"))
        .isEqualTo("registry.example.com/shop/worker@" + WORKER);
    assertThat(at(spec, "containers", 1, "image")).isEqualTo("busybox:1.36");
    assertThat(at(spec, "ephemeralContainers", 0, "image"))
        .isEqualTo("registry.example.com/shop/worker@" + WORKER);
    assertThat(at(docs.get(2), "data", "image")).isEqualTo("registry.example.com/shop/worker:2.1");
  }

  @Test
  void matchesDockerHubShortNamesAndReplacesADigestThatIsNotTheBuiltOne() throws Exception {
    Path file = k8s.resolve("pod.yaml");
    pin(false, file);

    assertThat(read(file)).isEqualTo(replaced(before.get("pod.yaml"),
        "image: acme/tool:3 ", "image: acme/tool@" + TOOL + " ",
        "image: app ", "image: app@" + APP + " ",
        "shop/api@sha256:" + "1".repeat(64), "shop/api@" + API));
  }

  @Test
  void setsKustomizationDigestsDropsNewTagAndHonoursNewName() throws Exception {
    Path file = k8s.resolve("kustomization.yaml");
    PinResult result = pin(false, file);

    String after = read(file);
    assertThat(after).isEqualTo(replaced(before.get("kustomization.yaml"),
        "newTag: \"1.4.0\"   # the release tag", "digest: " + API + "   # the release tag",
        "  - newTag: 1.4.0\n", "  - digest: " + MIGRATE + "\n",
        "digest: sha256:" + "2".repeat(64) + "\n    newTag: '2.0'\n",
        "digest: " + REPORT + "\n",
        "{name: registry.example.com/shop/worker}",
        "{name: registry.example.com/shop/worker, digest: " + WORKER + "}"));
    Object images = at(documents(after).get(0), "images");
    assertThat(images).asList().containsExactly(
        Map.of("name", "api", "newName", "registry.example.com/shop/api", "digest", API),
        Map.of("digest", MIGRATE, "name", "registry.example.com/shop/migrate",
            "newName", "registry.example.com/shop/migrate"),
        Map.of("name", "report", "newName", "registry.example.com/shop/report",
            "digest", REPORT),
        Map.of("name", "registry.example.com/shop/worker", "digest", WORKER),
        Map.of("name", "nginx", "newTag", "1.27.0"),
        Map.of("name", "api-old", "newName", "registry.example.com/other/api", "newTag", "v9"));
    assertThat(result.fields()).isEqualTo(4);
  }

  @Test
  void aSecondRunChangesNothingAndWritesNothing() throws Exception {
    PinResult first = pin(false, k8s);
    assertThat(first.changed()).hasSize(5);
    Map<Path, String> pinned = new HashMap<>();
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    for (PinResult.Change change : first.changed()) {
      pinned.put(change.path(), read(change.path()));
      Files.setLastModifiedTime(change.path(), old);
    }

    PinResult second = pin(false, k8s);

    assertThat(second.changed()).isEmpty();
    assertThat(second.diff()).isEmpty();
    for (Map.Entry<Path, String> e : pinned.entrySet()) {
      assertThat(read(e.getKey())).isEqualTo(e.getValue());
      assertThat(Files.getLastModifiedTime(e.getKey())).isEqualTo(old);
    }
  }

  @Test
  void aDryRunWritesNothingAndItsDiffMakesTheChangeWhenApplied() throws Exception {
    Path copy = K8sFixtures.copy(tmp.resolve("applied"));
    PinResult dry = pin(true, k8s);
    for (Map.Entry<String, String> e : before.entrySet()) {
      assertThat(read(k8s.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(dry.changed()).hasSize(5);
    assertThat(dry.diff()).contains("--- " + k8s.resolve("cronjob.yaml") + "\n+++ "
        + k8s.resolve("cronjob.yaml") + "\n@@ -14,5 +14,5 @@\n");

    // git apply, an outside reader of unified diffs, turns the copy into what a real run writes
    String relative = dry.diff().replace(k8s + "/", "");
    Process git = new ProcessBuilder("git", "apply", "-p0", "-").directory(copy.toFile())
        .redirectErrorStream(true).start();
    git.getOutputStream().write(relative.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    git.getOutputStream().close();
    String output = new String(git.getInputStream().readAllBytes());
    assertThat(git.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).as(output).isZero();
    pin(false, k8s);
    for (String name : before.keySet()) {
      assertThat(read(copy.resolve(name))).as(name).isEqualTo(read(k8s.resolve(name)));
    }
  }

  @Test
  void aFileWithoutABuiltImageIsNeitherChangedNorRewritten() throws Exception {
    Path file = k8s.resolve("public/guestbook-ui-deployment.yaml");
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, old);
    String was = read(file);

    PinResult result = pin(false, file);

    assertThat(result.changed()).isEmpty();
    assertThat(result.read()).isEqualTo(1);
    assertThat(read(file)).isEqualTo(was);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
    assertThat(result.notFound()).containsExactlyElementsOf(
        BUILT.keySet().stream().sorted().toList());
  }

  @Test
  void aFolderIsSearchedForYamlFilesAndKustomizations() throws Exception {
    Files.writeString(k8s.resolve("README.txt"), "image: registry.example.com/shop/api:1\n");
    Files.createDirectories(k8s.resolve(".git"));
    Files.writeString(k8s.resolve(".git/x.yaml"), "{{ not yaml");

    PinResult result = pin(true, k8s);

    assertThat(result.read()).isEqualTo(7);
    assertThat(result.changed()).extracting(PinResult.Change::path).containsExactly(
        k8s.resolve("cronjob.yaml"), k8s.resolve("deployment.yaml"),
        k8s.resolve("kustomization.yaml"), k8s.resolve("multi.yaml"), k8s.resolve("pod.yaml"));
    assertThat(result.notFound()).isEmpty();
  }
}
