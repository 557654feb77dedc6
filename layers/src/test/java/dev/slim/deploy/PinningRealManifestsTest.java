package dev.slim.deploy;

import static dev.slim.deploy.K8sFixtures.at;
import static dev.slim.deploy.K8sFixtures.documents;
import static dev.slim.deploy.K8sFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Pinning} on manifests as their projects publish them (fixtures/k8s/public/SOURCE). */
class PinningRealManifestsTest {

  static final String FRONTEND = "sha256:" + "1a".repeat(32);
  static final String REDIS = "sha256:" + "2b".repeat(32);
  static final String UI = "sha256:" + "3c".repeat(32);

  @TempDir Path tmp;

  @Test
  void guestbookAllInOneChangesInTwoImageValuesOnly() throws Exception {
    Path file = K8sFixtures.copy(tmp).resolve("public/guestbook-all-in-one.yaml");
    String before = read(file);

    PinResult result = Pinning.pin(new PinRequest(Map.of(
        "gcr.io/google-samples/gb-frontend", FRONTEND, "k8s.gcr.io/redis", REDIS),
        List.of(file), false));

    String after = read(file);
    assertThat(after).isEqualTo(before
        .replace("image: k8s.gcr.io/redis:e2e  # or just image: redis",
            "image: k8s.gcr.io/redis@" + REDIS + "  # or just image: redis")
        .replace("image: gcr.io/google-samples/gb-frontend:v4",
            "image: gcr.io/google-samples/gb-frontend@" + FRONTEND));
    List<Object> docs = documents(after);
    assertThat(docs).hasSize(6);
    assertThat(at(docs.get(1), "spec", "template", "spec", "containers", 0, "image"))
        .isEqualTo("k8s.gcr.io/redis@" + REDIS);
    assertThat(at(docs.get(3), "spec", "template", "spec", "containers", 0, "image"))
        .isEqualTo("gcr.io/google_samples/gb-redisslave:v1");
    assertThat(at(docs.get(5), "spec", "template", "spec", "containers", 0, "image"))
        .isEqualTo("gcr.io/google-samples/gb-frontend@" + FRONTEND);
    assertThat(result.fields()).isEqualTo(2);
    assertThat(result.notFound()).isEmpty();
  }

  @Test
  void argoCdGuestbookUiWhoseImageIsTheFirstKeyOfItsItem() throws Exception {
    Path file = K8sFixtures.copy(tmp).resolve("public/guestbook-ui-deployment.yaml");
    String before = read(file);

    Pinning.pin(new PinRequest(Map.of("gcr.io/heptio-images/ks-guestbook-demo", UI),
        List.of(file), false));

    assertThat(read(file)).isEqualTo(before.replace(
        "- image: gcr.io/heptio-images/ks-guestbook-demo:0.1\n",
        "- image: gcr.io/heptio-images/ks-guestbook-demo@" + UI + "\n"));
  }
}
