package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.registry.RegistryClient.BlobSource;
import dev.slim.registry.RegistryClient.UploadResult;
import dev.slim.testing.FaultProxy;
import dev.slim.testing.QuirkProxy;
import dev.slim.testing.QuirkProxy.Reply;
import dev.slim.testing.RegistryExtension;
import dev.slim.testing.RegistryServer;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blobs streamed to the real registry while they are made (POST, one chunked PATCH, PUT with the
 * digest), directly and through proxies that refuse or break the PATCH. A stream either ends
 * with the blob stored and checked on the registry itself, or fails without storing anything,
 * so that the caller can upload the blob the usual way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlobStreamTest {

  @RegisterExtension static final RegistryExtension registry = new RegistryExtension();

  private static final String SESSION = "/v2/.+/blobs/uploads/.+";

  private static String repo() {
    return "stream/app-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static RegistryClient client(String host) {
    return RegistryClient.builder(host).build();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Writes the bytes in pieces of 300,000 (as a compressor hands over its chunks). */
  private static BlobStream stream(RegistryClient client, String repo, byte[] blob) {
    BlobStream stream = client.streamBlob(repo);
    for (int at = 0; at < blob.length; at += 300_000) {
      stream.write(Arrays.copyOfRange(blob, at, Math.min(blob.length, at + 300_000)));
    }
    stream.finish(ContentDigest.sha256(blob), blob.length);
    return stream;
  }

  @Test
  void storesAStreamedBlobUnderTheDigestNamedAtTheEnd() throws Exception {
    String repo = repo();
    byte[] blob = random(3_000_000, 1);
    String digest = ContentDigest.sha256(blob);
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      BlobStream stream = stream(client(proxy.host()), repo, blob);

      assertThat(stream.await()).contains(UploadResult.UPLOADED);
      assertThat(proxy.count("POST", "/v2/.+/blobs/uploads/")).isEqualTo(1);
      assertThat(proxy.count("PATCH", SESSION)).isEqualTo(1);
      assertThat(proxy.count("PUT", SESSION)).isEqualTo(1);
      assertThat(proxy.seen()).filteredOn(r -> r.method().equals("PATCH"))
          .allSatisfy(r -> assertThat(r.headers()).containsEntry("transfer-encoding", "chunked"));
    }
    assertThat(client(registry.host()).getBlob(repo, digest)).isEqualTo(blob);
  }

  @Test
  void storesAnEmptyStreamAsTheEmptyBlob() throws Exception {
    String repo = repo();
    BlobStream stream = stream(client(registry.host()), repo, new byte[0]);

    assertThat(stream.result().get(30, TimeUnit.SECONDS)).isEqualTo(UploadResult.UPLOADED);
    assertThat(client(registry.host()).getBlob(repo, ContentDigest.sha256(new byte[0])))
        .isEmpty();
  }

  @Test
  void cancelsTheSessionAndSaysExistedWhenTheRepositoryHadTheBlob() throws Exception {
    String repo = repo();
    byte[] blob = random(1_000_000, 2);
    String digest = ContentDigest.sha256(blob);
    client(registry.host()).pushBlob(repo, digest, blob.length, BlobSource.of(blob), null);
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      BlobStream stream = stream(client(proxy.host()), repo, blob);

      assertThat(stream.result().get(30, TimeUnit.SECONDS)).isEqualTo(UploadResult.EXISTED);
      assertThat(proxy.count("HEAD", "/v2/.+/blobs/sha256:.+")).isEqualTo(1);
      assertThat(proxy.count("DELETE", SESSION)).isEqualTo(1);
      assertThat(proxy.count("PUT", SESSION)).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 405, 411, 416, 501})
  void failsWithoutStoringAnythingWhenTheRegistryRefusesTheChunkedPatch(int status)
      throws Exception {
    String repo = repo();
    byte[] blob = random(1_000_000, 3);
    String digest = ContentDigest.sha256(blob);
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("PATCH", SESSION, r -> new Reply(status, Map.of("Content-Type",
          "application/json"), "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"no\"}]}"));
      RegistryClient client = client(proxy.host());
      BlobStream stream = stream(client, repo, blob);

      assertThatThrownBy(() -> stream.result().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(RegistryException.class);
      assertThat(proxy.count("PUT", SESSION)).isZero();
      assertThat(client.blobSize(repo, digest)).isEmpty();
      // the usual upload still works
      assertThat(client.pushBlob(repo, digest, blob.length, BlobSource.of(blob), null))
          .isEqualTo(UploadResult.UPLOADED);
    }
    assertThat(client(registry.host()).getBlob(repo, digest)).isEqualTo(blob);
  }

  @Test
  void failsWhenTheRegistrySaysItHoldsOtherBytesThanWereSent() throws Exception {
    String repo = repo();
    byte[] blob = random(500_000, 4);
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      proxy.on("PATCH", SESSION, r -> new Reply(202, Map.of("Location", r.target(),
          "Range", "0-99"), ""));
      BlobStream stream = stream(client(proxy.host()), repo, blob);

      assertThatThrownBy(() -> stream.result().get(30, TimeUnit.SECONDS))
          .hasRootCauseMessage("registry " + proxy.host() + " holds 0-99 of a streamed upload"
              + " of 500000 bytes");
      assertThat(proxy.count("PUT", SESSION)).isZero();
    }
  }

  @Test
  void failsWhenTheConnectionDropsMidStream() throws Exception {
    String repo = repo();
    byte[] blob = random(3_000_000, 5);
    String digest = ContentDigest.sha256(blob);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.on("PATCH", SESSION, 1, FaultProxy.dropAfter(200_000));
      BlobStream stream = stream(client(proxy.host()), repo, blob);

      assertThatThrownBy(() -> stream.result().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
      assertThat(proxy.count("PUT", SESSION)).isZero();
    }
    assertThat(client(registry.host()).blobSize(repo, digest)).isEmpty();
  }

  @Test
  void sendsNothingToAnHttpsRegistryWhoseCertificateIsNotTrusted() throws Exception {
    try (RegistryServer tls = RegistryServer.startWithTls()) {
      URI session = URI.create("https://" + tls.host() + "/v2/stream/app/blobs/uploads/x");
      AtomicBoolean written = new AtomicBoolean();

      assertThatThrownBy(() -> StreamedRequest.send("PATCH", session, Map.of(),
          Timeouts.defaults(), out -> written.set(true), new AtomicReference<>()))
          .isInstanceOf(SSLHandshakeException.class);
      assertThat(written).isFalse();
    }
  }

  @Test
  void givesUpAStreamTheRegistryNeverAnswers() throws Exception {
    String repo = repo();
    byte[] blob = random(1_000_000, 7);
    try (FaultProxy proxy = FaultProxy.start(registry.server().port())) {
      proxy.on("PATCH", SESSION, 1, FaultProxy.stall());
      RegistryClient client = RegistryClient.builder(proxy.host())
          .timeout(Duration.ofSeconds(2)).build();
      BlobStream stream = stream(client, repo, blob);

      assertThat(stream.await()).isEmpty();
      assertThat(proxy.count("PUT", SESSION)).isZero();
    }
  }

  @Test
  void givesUpWhenTheProducerStops() throws Exception {
    String repo = repo();
    byte[] blob = random(1_000_000, 6);
    try (QuirkProxy proxy = QuirkProxy.start(registry.server().port())) {
      BlobStream stream = client(proxy.host()).streamBlob(repo);
      stream.write(Arrays.copyOf(blob, 400_000));
      stream.abort();
      stream.write(Arrays.copyOfRange(blob, 400_000, blob.length)); // dropped

      assertThatThrownBy(() -> stream.result().get(30, TimeUnit.SECONDS))
          .hasRootCauseMessage("the blob's producer stopped");
      assertThat(proxy.count("PUT", SESSION)).isZero();
    }
    assertThat(client(registry.host()).blobSize(repo, ContentDigest.sha256(blob))).isEmpty();
  }
}
