package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.registry.RegistryClient.BlobSource;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every call of {@link RegistryClient} refuses a malformed repository, digest or tag before it
 * sends anything, with a message that quotes it and says what is allowed.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RegistryArgumentsTest {

  private static final String REPO = "Team/App";
  private static final String DIGEST = "sha256:abc";
  private static final String GOOD = "sha256:" + "0".repeat(64);
  private static final String BAD_REPO = "invalid repository name \"Team/App\": use lowercase"
      + " letters and digits, separated by '/', '.', '_', '__' or '-'";
  private static final String BAD_DIGEST = "invalid digest \"sha256:abc\": use sha256: followed"
      + " by 64 lowercase hex digits";

  private FakeRegistry server;
  private RegistryClient client;

  @BeforeEach
  void start() throws IOException {
    server = new FakeRegistry();
    client = RegistryClient.builder(server.host()).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void refused(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    assertThat(server.requests()).isEmpty();
    assertThat(client.requestCount()).isZero();
  }

  @Test
  void blobCallsRefuseABadRepositoryOrDigest() {
    BlobSource empty = BlobSource.of(new byte[0]);
    refused(() -> client.blobSize(REPO, GOOD), BAD_REPO);
    refused(() -> client.blobSize("app", DIGEST), BAD_DIGEST);
    refused(() -> client.pushBlob(REPO, GOOD, 0, empty, null), BAD_REPO);
    refused(() -> client.pushBlob("app", DIGEST, 0, empty, null), BAD_DIGEST);
    refused(() -> client.pushBlob("app", GOOD, -1, empty, null), "negative blob size -1");
    refused(() -> client.pushBlob("app", GOOD, 1, empty, null),
        "blob has 0 bytes, not the declared 1");
    refused(() -> client.getBlob(REPO, GOOD), BAD_REPO);
    refused(() -> client.getBlob("app", DIGEST), BAD_DIGEST);
    refused(() -> client.openBlob(REPO, GOOD), BAD_REPO);
    refused(() -> client.openBlob("app", DIGEST), BAD_DIGEST);
    refused(() -> client.streamBlob(REPO), BAD_REPO);
    assertThatThrownBy(() -> client.pushBlob("app", GOOD, 0, null, null))
        .isInstanceOf(NullPointerException.class).hasMessage("source");
  }

  @Test
  void aMountFromABadRepositoryIsRefusedBeforeTheMount() {
    assertThatThrownBy(() -> client.pushBlob("app", GOOD, 0, BlobSource.of(new byte[0]), REPO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(BAD_REPO);
    assertThat(server.requests()).extracting(FakeRegistry.Seen::method).containsExactly("HEAD");
  }

  @Test
  void manifestCallsRefuseABadRepositoryReferenceOrDigest() {
    byte[] body = "{}".getBytes();
    refused(() -> client.putManifest(REPO, "v1", body, "application/json"), BAD_REPO);
    refused(() -> client.putManifest("app", "-v1", body, "application/json"),
        "invalid tag or digest \"-v1\"");
    refused(() -> client.getManifest(REPO, "v1"), BAD_REPO);
    refused(() -> client.getManifest("app", "v1@x"), "invalid tag or digest \"v1@x\"");
    refused(() -> client.deleteManifest(REPO, GOOD), BAD_REPO);
    refused(() -> client.deleteManifest("app", "v1"), "invalid digest \"v1\": use sha256:"
        + " followed by 64 lowercase hex digits");
    refused(() -> client.referrers(REPO, GOOD), BAD_REPO);
    refused(() -> client.referrers("app", DIGEST), BAD_DIGEST);
    assertThatThrownBy(() -> client.putManifest("app", "v1", null, "application/json"))
        .isInstanceOf(NullPointerException.class).hasMessage("body");
    assertThatThrownBy(() -> client.putManifest("app", "v1", body, null))
        .isInstanceOf(NullPointerException.class).hasMessage("mediaType");
  }

  @Test
  void listingsAndProbesRefuseABadRepository() {
    refused(() -> client.tags(REPO), BAD_REPO);
    refused(() -> client.tags(REPO, 10), BAD_REPO);
    refused(() -> client.tags(REPO, 10, 5), BAD_REPO);
    refused(() -> client.deleteEnabled(REPO), BAD_REPO);
    assertThat(ImageRef.isRepository("a".repeat(255))).isTrue();
    assertThat(ImageRef.isRepository("a".repeat(256))).isFalse();
  }

  @Test
  void aClientNamesItsRegistryAsWritten() {
    assertThat(client.registry()).isEqualTo(server.host());
    assertThatThrownBy(() -> RegistryClient.builder("not a host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("registry \"not a host\" is not a host name or address with an optional"
            + " :port");
    assertThatThrownBy(() -> RegistryClient.builder("r.example").userAgent(null))
        .isInstanceOf(NullPointerException.class);
  }
}
