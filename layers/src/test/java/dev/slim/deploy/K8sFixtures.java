package dev.slim.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The manifests of fixtures/k8s, copied to a test's folder, and a way to read them back. */
final class K8sFixtures {

  static final String API = "sha256:" + "a".repeat(64);
  static final String MIGRATE = "sha256:" + "b".repeat(64);
  static final String REPORT = "sha256:" + "c".repeat(64);
  static final String WORKER = "sha256:" + "d".repeat(64);
  static final String TOOL = "sha256:" + "e".repeat(64);
  static final String APP = "sha256:" + "f".repeat(64);

  /** What slim "built" in these tests: the shop's four services and two Docker Hub names. */
  static final Map<String, String> BUILT = Map.of(
      "registry.example.com/shop/api", API,
      "registry.example.com/shop/migrate", MIGRATE,
      "registry.example.com/shop/report", REPORT,
      "registry.example.com/shop/worker", WORKER,
      "docker.io/acme/tool", TOOL,
      "docker.io/library/app", APP);

  private K8sFixtures() {}

  static Path folder() {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures")).resolve("k8s");
  }

  /** fixtures/k8s copied into {@code to}, sub-folders too. */
  static Path copy(Path to) throws IOException {
    Path from = folder();
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Every document of the text, as snakeyaml-engine's plain Java values. */
  static List<Object> documents(String text) {
    List<Object> documents = new ArrayList<>();
    new Load(LoadSettings.builder().build()).loadAllFromString(text).forEach(documents::add);
    return documents;
  }

  /** The value at the path of keys (String) and list indexes (Integer). */
  @SuppressWarnings("unchecked")
  static Object at(Object node, Object... path) {
    Object at = node;
    for (Object step : path) {
      at = step instanceof Integer i ? ((List<Object>) at).get(i)
          : ((Map<String, Object>) at).get(step);
    }
    return at;
  }
}
