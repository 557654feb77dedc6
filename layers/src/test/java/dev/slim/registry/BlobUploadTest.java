package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.registry.RegistryClient.BlobSource;
import dev.slim.registry.RegistryClient.UploadResult;
import dev.slim.registry.RegistryException.Kind;
import dev.slim.testing.FaultProxy;
import dev.slim.testing.RegistryExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Monolithic blob uploads ({@link BlobUpload}) to the real registry through a {@link FaultProxy}
 * that breaks them: a PUT dropped midway or whose session the registry forgot is sent again in
 * a new session, one whose answer was lost is found by a HEAD, and what cannot be helped fails
 * with what the registry said. Every blob that is reported stored is read back from the registry
 * itself.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlobUploadTest {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  private static final String SESSION = "/v2/.+/blobs/uploads/.+";
  private static final String START = "/v2/.+/blobs/uploads/";

  private static String repo() {
    return "upload/app-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static RegistryClient direct() {
    return RegistryClient.builder(registry.host()).build();
  }

  private static UploadResult push(RegistryClient client, String repo, byte[] blob,
      String mountFrom) throws RegistryException {
    return client.pushBlob(repo, ContentDigest.sha256(blob), blob.length, BlobSource.of(blob),
        mountFrom);
  }

  private static void stored(String repo, byte[] blob) throws RegistryException {
    assertThat(direct().getBlob(repo, ContentDigest.sha256(blob))).isEqualTo(blob);
  }

  @Test
  void aPutDroppedMidwayIsSentAgainInANewSession() throws Exception {
    String repo = repo();
    byte[] blob = random(200_000, 1);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.on("PUT", SESSION, 1, FaultProxy.dropAfter(50_000));

      assertThat(push(RegistryClient.builder(proxy.host()).build(), repo, blob, null))
          .isEqualTo(UploadResult.UPLOADED);
      assertThat(proxy.count("POST", START)).isEqualTo(2);
      assertThat(proxy.count("PUT", SESSION)).isEqualTo(2);
      assertThat(proxy.count("HEAD", "/v2/.+/blobs/sha256:.+")).isEqualTo(2);
    }
    stored(repo, blob);
  }

  @Test
  void aSessionTheRegistryForgotIsReplacedByANewOne() throws Exception {
    String repo = repo();
    byte[] blob = random(10_000, 2);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.on("PUT", SESSION, 1, FaultProxy.expireSession());
      proxy.on("PUT", SESSION, 2, FaultProxy.registryError(400, "BLOB_UPLOAD_INVALID", "gone"));

      assertThat(push(RegistryClient.builder(proxy.host()).build(), repo, blob, null))
          .isEqualTo(UploadResult.UPLOADED);
      assertThat(proxy.count("POST", START)).isEqualTo(3);
    }
    stored(repo, blob);
  }

  @Test
  void aLostAnswerToAPutThatArrivedIsFoundByTheHeadAndNotSentAgain() throws Exception {
    String repo = repo();
    byte[] blob = random(10_000, 3);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.on("PUT", SESSION, 1, FaultProxy.loseAnswer());

      assertThat(push(RegistryClient.builder(proxy.host()).build(), repo, blob, null))
          .isEqualTo(UploadResult.UPLOADED);
      assertThat(proxy.count("PUT", SESSION)).isEqualTo(1);
      assertThat(proxy.count("POST", START)).isEqualTo(1);
    }
    stored(repo, blob);
  }

  @Test
  void givesUpAfterThreeSessionsTheRegistryForgot() throws Exception {
    String repo = repo();
    byte[] blob = random(1_000, 4);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.on("PUT", SESSION, FaultProxy.EVERY, FaultProxy.expireSession());

      assertThatThrownBy(() -> push(RegistryClient.builder(proxy.host()).build(), repo, blob,
          null)).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(e.hasCode("BLOB_UPLOAD_UNKNOWN")).isTrue();
          }).hasMessageContaining("BLOB_UPLOAD_UNKNOWN: blob upload unknown to registry");
      assertThat(proxy.count("POST", START)).isEqualTo(3);
      assertThat(proxy.count("PUT", SESSION)).isEqualTo(3);
    }
    assertThat(direct().blobSize(repo, ContentDigest.sha256(blob))).isEmpty();
  }

  @Test
  void threePutsWithoutAnswerSayHowLongWasWaitedAndHowOften() throws Exception {
    String repo = repo();
    byte[] blob = random(1_000, 5);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.on("PUT", SESSION, FaultProxy.EVERY, FaultProxy.stall());
      RegistryClient client = RegistryClient.builder(proxy.host())
          .timeout(Duration.ofSeconds(1)).build();

      assertThatThrownBy(() -> push(client, repo, blob, null))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
          .hasMessage("registry " + proxy.host() + " did not answer within 1 s: cannot upload"
              + " blob " + ContentDigest.sha256(blob) + " to " + repo + " (3 tries) — try again"
              + " later, or allow more time with SLIM_REGISTRY_TIMEOUT=SECONDS");
      assertThat(proxy.count("PUT", SESSION)).isEqualTo(3);
    }
  }

  @Test
  void aPutRefusedForAnotherReasonIsNotSentAgain() throws Exception {
    String repo = repo();
    byte[] blob = random(1_000, 6);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.on("PUT", SESSION, 1, FaultProxy.registryError(400, "DIGEST_INVALID", "mismatch"));

      assertThatThrownBy(() -> push(RegistryClient.builder(proxy.host()).build(), repo, blob,
          null)).isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.hasCode("DIGEST_INVALID")).isTrue())
          .hasMessageEndingWith("unexpected answer 400 Bad Request; DIGEST_INVALID: mismatch");
      assertThat(proxy.count("PUT", SESSION)).isEqualTo(1);
    }
  }

  @Test
  void aBlobStoredUnderAnotherDigestIsAFailure() throws Exception {
    String repo = repo();
    byte[] blob = random(1_000, 7);
    String other = "sha256:" + "e".repeat(64);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.on("PUT", SESSION, 1, FaultProxy.answer(201, Map.of("Docker-Content-Digest", other),
          ""));

      assertThatThrownBy(() -> push(RegistryClient.builder(proxy.host()).build(), repo, blob,
          null)).hasMessage("registry " + proxy.host() + " stored blob "
              + ContentDigest.sha256(blob) + " of " + repo + " as " + other + ": the bytes sent"
              + " do not match the digest");
    }
  }

  @Test
  void anUploadSessionWithoutLocationOrARefusedStartIsAFailure() throws Exception {
    byte[] blob = random(1_000, 8);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.on("POST", START, 1, FaultProxy.answer(202, Map.of(), ""));
      proxy.on("POST", START, 2, FaultProxy.registryError(500, "UNKNOWN", "disk full"));
      RegistryClient client = RegistryClient.builder(proxy.host()).build();
      String repo = repo();

      assertThatThrownBy(() -> push(client, repo, blob, null)).hasMessage("registry "
          + proxy.host() + " did not say where to upload (no Location): cannot start an upload"
          + " to " + repo);
      assertThatThrownBy(() -> push(client, repo, blob, null)).hasMessage("cannot start an"
          + " upload to " + repo + " on registry " + proxy.host() + ": unexpected answer 500"
          + " Internal Server Error; UNKNOWN: disk full");
    }
  }

  @Test
  void mountsFromARepositoryThatHasTheBlobAndUploadsIntoTheSessionOfOneThatHasNot()
      throws Exception {
    String source = repo();
    byte[] blob = random(5_000, 9);
    push(direct(), source, blob, null);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      RegistryClient client = RegistryClient.builder(proxy.host()).build();
      String mounted = repo();
      assertThat(push(client, mounted, blob, source)).isEqualTo(UploadResult.MOUNTED);
      assertThat(proxy.count("PUT", SESSION)).isZero();
      stored(mounted, blob);

      String fromEmpty = repo();
      assertThat(push(client, fromEmpty, blob, repo())).isEqualTo(UploadResult.UPLOADED);
      assertThat(proxy.seen()).filteredOn(s -> s.method().equals("POST")).hasSize(2);
      stored(fromEmpty, blob);

      assertThat(push(client, fromEmpty, blob, source)).isEqualTo(UploadResult.EXISTED);
    }
  }

  @Test
  void aMountTheRegistryAnswersItsOwnWayBecomesAnOrdinaryUpload() throws Exception {
    String source = repo();
    byte[] blob = random(5_000, 10);
    push(direct(), source, blob, null);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.onTarget("POST", START + "\\?mount=.*", 1, FaultProxy.answer(405, Map.of(), ""));
      proxy.onTarget("POST", START + "\\?mount=.*", 2, FaultProxy.answer(202, Map.of(), ""));
      proxy.onTarget("POST", START + "\\?mount=.*", 3, FaultProxy.registryError(403, "DENIED",
          "no pull on source"));
      RegistryClient client = RegistryClient.builder(proxy.host()).build();

      for (int i = 0; i < 3; i++) {
        String target = repo();
        assertThat(push(client, target, blob, source)).isEqualTo(UploadResult.UPLOADED);
        stored(target, blob);
      }
      assertThat(proxy.count("POST", START)).isEqualTo(6);
      assertThat(proxy.count("PUT", SESSION)).isEqualTo(3);

      String same = repo();
      assertThat(push(client, same, blob, same)).isEqualTo(UploadResult.UPLOADED);
      assertThat(proxy.count("POST", START)).isEqualTo(7);
    }
  }
}
