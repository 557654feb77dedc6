package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.oci.MediaTypes;
import dev.slim.oci.Platform;
import dev.slim.registry.RegistryClient.BlobSource;
import dev.slim.registry.RegistryClient.UploadResult;
import dev.slim.registry.RegistryException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RegistryClient} against a scripted loopback server: auth, retries, errors, uploads. */
class RegistryClientTest {

  private static final byte[] BLOB = "hello".getBytes(StandardCharsets.UTF_8);
  private static final String BLOB_DIGEST = ContentDigest.sha256(BLOB);
  private static final String PASSWORD = "pa55-w0rd-SECRET";
  private static final Credentials ALICE = new Credentials("alice", PASSWORD);

  @TempDir Path tmp;
  private FakeRegistry server;

  @BeforeEach
  void start() throws IOException {
    server = new FakeRegistry();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RegistryClient client(Credentials credentials) {
    return RegistryClient.builder(server.host()).credentials(credentials).build();
  }

  private String basic(Credentials c) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
  }

  /** A registry with token auth: /token gives "tok-<scope>" to alice, blobs need a token. */
  private void bearerRegistry() {
    String realm = server.url() + "/token";
    server.handle((request, exchange) -> {
      if (request.path().equals("/token")) {
        if (!basic(ALICE).equals(request.authorization())) {
          exchange.send(401, "{\"details\":\"incorrect username or password\"}");
          return;
        }
        Map<String, String> query = FakeRegistry.query(request.uri());
        exchange.send(200, "{\"token\":\"tok-" + query.get("scope") + "\",\"expires_in\":300}");
        return;
      }
      String repo = request.path().split("/")[2];
      String wanted = "Bearer tok-repository:" + repo + ":pull";
      if (!wanted.equals(request.authorization())) {
        exchange.header("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"fake\","
            + "scope=\"repository:" + repo + ":pull\"")
            .send(401, FakeRegistry.errors("UNAUTHORIZED", "authentication required"));
        return;
      }
      exchange.sendLength(200, 5);
    });
  }

  @Test
  void fetchesABearerTokenWithTheCredentialsAndRetriesOnce() throws Exception {
    bearerRegistry();
    RegistryClient client = client(ALICE);

    assertThat(client.blobSize("app", BLOB_DIGEST)).contains(5L);

    List<FakeRegistry.Seen> seen = server.requests();
    assertThat(seen).extracting(FakeRegistry.Seen::path)
        .containsExactly("/v2/app/blobs/" + BLOB_DIGEST, "/token", "/v2/app/blobs/" + BLOB_DIGEST);
    assertThat(FakeRegistry.query(seen.get(1).uri())).isEqualTo(Map.of(
        "service", "fake", "scope", "repository:app:pull", "account", "alice"));
    assertThat(client.requestCount()).isEqualTo(3);
  }

  @Test
  void reusesTheTokenOfAScopeAndFetchesNewScopesBeforeAsking() throws Exception {
    bearerRegistry();
    RegistryClient client = client(ALICE);
    client.blobSize("app", BLOB_DIGEST);

    client.blobSize("app", BLOB_DIGEST);
    assertThat(client.requestCount()).isEqualTo(4);

    client.blobSize("other", BLOB_DIGEST);
    assertThat(client.requestCount()).isEqualTo(6);
    assertThat(server.requests()).extracting(FakeRegistry.Seen::path).endsWith(
        "/token", "/v2/other/blobs/" + BLOB_DIGEST);
  }

  @Test
  void answersABasicChallengeAndThenSendsBasicUpFront() throws Exception {
    server.handle((request, exchange) -> {
      if (!basic(ALICE).equals(request.authorization())) {
        exchange.header("WWW-Authenticate", "Basic realm=\"fake\"").send(401);
        return;
      }
      exchange.sendLength(200, 5);
    });
    RegistryClient client = client(ALICE);

    assertThat(client.blobSize("app", BLOB_DIGEST)).contains(5L);
    assertThat(client.blobSize("app", BLOB_DIGEST)).contains(5L);

    assertThat(client.requestCount()).isEqualTo(3);
  }

  @Test
  void reportsRefusedCredentialsWithoutRevealingThem() {
    server.handle((request, exchange) ->
        exchange.header("WWW-Authenticate", "Basic realm=\"fake\"").send(401));

    assertFails(() -> client(ALICE).blobSize("app", BLOB_DIGEST), Kind.UNAUTHORIZED,
        "registry " + server.host() + " refused the credentials (401 Unauthorized): check"
            + " --username/--password-stdin or run 'docker login " + server.host() + "'");
  }

  @Test
  void reportsATokenServiceRefusalAsRefusedCredentials() {
    bearerRegistry();
    Credentials wrong = new Credentials("alice", "wrong-" + PASSWORD);

    assertFails(() -> client(wrong).blobSize("app", BLOB_DIGEST), Kind.UNAUTHORIZED,
        "registry " + server.host() + " refused the credentials (401 Unauthorized): check"
            + " --username/--password-stdin or run 'docker login " + server.host() + "'");
  }

  @Test
  void saysHowToLogInWhenNoCredentialsWereGiven() {
    server.handle((request, exchange) ->
        exchange.header("WWW-Authenticate", "Basic realm=\"fake\"").send(401));

    assertFails(() -> client(null).blobSize("app", BLOB_DIGEST), Kind.UNAUTHORIZED,
        "registry " + server.host() + " requires authentication (401 Unauthorized): pass"
            + " --username and --password-stdin, or run 'docker login " + server.host() + "'");
  }

  @Test
  void neverPutsTheSecretOrTokenIntoMessagesEvenWhenTheServerEchoesThem() {
    server.handle((request, exchange) -> {
      if (request.path().equals("/token")) {
        exchange.send(200, "{\"access_token\":\"very-secret-token\"}");
        return;
      }
      if (request.authorization() == null) {
        exchange.header("WWW-Authenticate", "Bearer realm=\"" + server.url() + "/token\"")
            .send(401);
        return;
      }
      exchange.send(500, FakeRegistry.errors("INTERNAL",
          "saw " + request.authorization() + " and " + PASSWORD));
    });

    assertFails(() -> client(ALICE).getBlob("app", BLOB_DIGEST), Kind.PROTOCOL,
        "cannot read blob " + BLOB_DIGEST + " of app on registry " + server.host()
            + ": unexpected answer 500 Internal Server Error; INTERNAL: saw Bearer **** and ****");
  }

  @Test
  void hidesTheBasicHeaderARegistryEchoesInAnError() {
    server.handle((request, exchange) -> {
      if (request.authorization() == null) {
        exchange.header("WWW-Authenticate", "Basic realm=\"fake\"").send(401);
        return;
      }
      exchange.send(500, FakeRegistry.errors("INTERNAL", "bad header Authorization: "
          + request.authorization()));
    });

    assertFails(() -> client(ALICE).getBlob("app", BLOB_DIGEST), Kind.PROTOCOL,
        "cannot read blob " + BLOB_DIGEST + " of app on registry " + server.host()
            + ": unexpected answer 500 Internal Server Error; INTERNAL: bad header"
            + " Authorization: Basic ****");
  }

  @Test
  void aShortPasswordDoesNotEatIntoTheWordsOfAMessage() {
    server.handle((request, exchange) -> exchange.send(500));

    assertFails(() -> client(new Credentials("alice", "try")).getBlob("app", BLOB_DIGEST),
        Kind.PROTOCOL, "cannot read blob " + BLOB_DIGEST + " of app on registry "
            + server.host() + ": unexpected answer 500 Internal Server Error");
  }

  @Test
  void exchangesAnIdentityTokenAsARefreshToken() throws Exception {
    server.handle((request, exchange) -> {
      if (request.path().equals("/token")) {
        Map<String, String> form = FakeRegistry.query(
            "?" + new String(request.body(), StandardCharsets.UTF_8));
        if (request.method().equals("POST") && form.get("grant_type").equals("refresh_token")
            && form.get("refresh_token").equals("rt-1")
            && form.get("scope").equals("repository:app:pull")) {
          exchange.send(200, "{\"access_token\":\"at-1\"}");
        } else {
          exchange.send(400, "{\"error\":\"invalid_request\"}");
        }
        return;
      }
      if (!"Bearer at-1".equals(request.authorization())) {
        exchange.header("WWW-Authenticate", "Bearer realm=\"" + server.url() + "/token\","
            + "service=\"fake\"").send(401);
        return;
      }
      exchange.sendLength(200, 5);
    });

    assertThat(client(Credentials.identityToken("rt-1")).blobSize("app", BLOB_DIGEST))
        .contains(5L);
  }

  @Test
  void waitsAsRetryAfterSaysWhenTheRegistryIsBusy() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server.handle((request, exchange) -> {
      if (calls.incrementAndGet() == 1) {
        exchange.header("Retry-After", "0").send(429);
        return;
      }
      exchange.sendLength(200, 5);
    });
    RegistryClient client = client(null);

    assertThat(client.blobSize("app", BLOB_DIGEST)).contains(5L);
    assertThat(client.requestCount()).isEqualTo(2);
  }

  @Test
  void givesUpAfterThreeBusyAnswers() {
    server.handle((request, exchange) -> exchange.header("Retry-After", "0")
        .send(503, FakeRegistry.errors("UNAVAILABLE", "maintenance")));
    RegistryClient client = client(null);

    assertFails(() -> client.tags("app"), Kind.UNREACHABLE,
        "registry " + server.host() + " is busy: cannot list the tags of app (503 Service"
            + " Unavailable; UNAVAILABLE: maintenance, 3 tries) — try again later");
    assertThat(client.requestCount()).isEqualTo(3);
  }

  @Test
  void retriesOnceWhenTheConnectionDrops() throws Exception {
    // The first connection is reset after the request arrives; the second is answered.
    AtomicInteger connections = new AtomicInteger();
    try (RawServer raw = new RawServer((in, out) -> {
      if (connections.incrementAndGet() == 1) {
        readHead(in);
        return false;
      }
      readHead(in);
      in.readNBytes(2);
      out.write(("HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return true;
    })) {
      RegistryClient client = RegistryClient.builder(raw.host()).build();

      assertThat(client.putManifest("app", "1", "{}".getBytes(StandardCharsets.UTF_8),
          MediaTypes.OCI_MANIFEST)).isEqualTo(ContentDigest.sha256("{}".getBytes()));
      assertThat(client.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void includesTheRegistrysErrorCodeAndMessage() {
    server.handle((request, exchange) ->
        exchange.send(404, FakeRegistry.errors("NAME_UNKNOWN", "repository name not known")));

    assertFails(() -> client(null).tags("nope"), Kind.NOT_FOUND,
        "cannot list the tags of nope on registry " + server.host() + ": not found (404 Not"
            + " Found; NAME_UNKNOWN: repository name not known)");
  }

  @Test
  void reportsForbiddenWithTheRegistrysReason() {
    server.handle((request, exchange) ->
        exchange.send(403, FakeRegistry.errors("DENIED", "requested access is denied")));

    assertFails(() -> client(ALICE).putManifest("app", "1", "{}".getBytes(),
            MediaTypes.OCI_MANIFEST), Kind.FORBIDDEN,
        "registry " + server.host() + " denied access: cannot push manifest app:1 (403"
            + " Forbidden; DENIED: requested access is denied) — check the repository name and"
            + " that the account may access it; if the repository does not exist yet, create it"
            + " first (ECR, or GHCR for an organisation that does not let members create"
            + " packages)");
  }

  @Test
  void uploadsToARelativeLocationKeepingItsQuery() throws Exception {
    Path file = Files.write(tmp.resolve("blob"), BLOB);
    server.handle((request, exchange) -> {
      switch (request.method()) {
        case "HEAD" -> exchange.send(404);
        case "POST" -> exchange.header("Location", "/upload/abc?_state=s%3D1").send(202);
        case "PUT" -> exchange.header("Docker-Content-Digest", BLOB_DIGEST).send(201);
        default -> exchange.send(400);
      }
    });

    UploadResult result = client(null).pushBlob("app", BLOB_DIGEST, BLOB.length,
        BlobSource.of(file), null);

    assertThat(result).isEqualTo(UploadResult.UPLOADED);
    FakeRegistry.Seen put = server.requests().get(2);
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.uri()).isEqualTo("/upload/abc?_state=s%3D1&digest=sha256%3A"
        + BLOB_DIGEST.substring(7));
    assertThat(put.body()).isEqualTo(BLOB);
  }

  @Test
  void answersAnAuthenticationChallengeToTheUploadItself() throws Exception {
    server.handle((request, exchange) -> {
      switch (request.method()) {
        case "HEAD" -> exchange.send(404);
        case "POST" -> exchange.header("Location", server.url() + "/upload/1").send(202);
        default -> {
          if (basic(ALICE).equals(request.authorization())) {
            exchange.send(201);
          } else {
            exchange.header("WWW-Authenticate", "Basic realm=\"fake\"").send(401);
          }
        }
      }
    });

    assertThat(client(ALICE).pushBlob("app", BLOB_DIGEST, BLOB.length, BlobSource.of(BLOB),
        null)).isEqualTo(UploadResult.UPLOADED);
  }

  @Test
  void streamsASourceOfKnownLength() throws Exception {
    server.handle((request, exchange) -> {
      switch (request.method()) {
        case "HEAD" -> exchange.send(404);
        case "POST" -> exchange.header("Location", server.url() + "/upload/1").send(202);
        default -> exchange.send(201);
      }
    });
    BlobSource stream = () -> new ByteArrayInputStream(BLOB);

    assertThat(client(null).pushBlob("app", BLOB_DIGEST, BLOB.length, stream, null))
        .isEqualTo(UploadResult.UPLOADED);
    assertThat(server.requests().get(2).body()).isEqualTo(BLOB);
  }

  @Test
  void skipsTheUploadWhenTheBlobExists() throws Exception {
    server.handle((request, exchange) -> exchange.sendLength(200, BLOB.length));

    assertThat(client(null).pushBlob("app", BLOB_DIGEST, BLOB.length, BlobSource.of(BLOB),
        null)).isEqualTo(UploadResult.EXISTED);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void mountsFromAnotherRepositoryAskingForBothScopes() throws Exception {
    String realm = server.url() + "/token";
    server.handle((request, exchange) -> {
      if (request.path().equals("/token")) {
        exchange.send(200, "{\"token\":\"t\"}");
      } else if (request.authorization() == null) {
        exchange.header("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"fake\"")
            .send(401);
      } else if (request.method().equals("HEAD")) {
        exchange.send(404);
      } else {
        exchange.send(201);
      }
    });
    RegistryClient client = client(null);

    assertThat(client.pushBlob("app", BLOB_DIGEST, BLOB.length, BlobSource.of(BLOB), "base"))
        .isEqualTo(UploadResult.MOUNTED);

    FakeRegistry.Seen mount = server.requests().get(server.requests().size() - 1);
    assertThat(FakeRegistry.query(mount.uri()))
        .isEqualTo(Map.of("mount", BLOB_DIGEST, "from", "base"));
    assertThat(server.requests()).filteredOn(s -> s.path().equals("/token"))
        .extracting(s -> FakeRegistry.query(s.uri()).get("scope"))
        .contains("repository:app:pull,push repository:base:pull");
  }

  @Test
  void uploadsWhenTheMountIsNotPossible() throws Exception {
    server.handle((request, exchange) -> {
      switch (request.method()) {
        case "HEAD" -> exchange.send(404);
        case "POST" -> exchange.header("Location", "/upload/2").send(202);
        default -> exchange.send(201);
      }
    });

    assertThat(client(null).pushBlob("app", BLOB_DIGEST, BLOB.length, BlobSource.of(BLOB),
        "base")).isEqualTo(UploadResult.UPLOADED);
    assertThat(server.requests().get(2).path()).isEqualTo("/upload/2");
  }

  @Test
  void refusesAFileWhoseSizeIsNotTheDeclaredOne() throws Exception {
    Path file = Files.write(tmp.resolve("blob"), BLOB);

    assertThatThrownBy(() -> client(null).pushBlob("app", BLOB_DIGEST, 99, BlobSource.of(file),
        null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("blob file " + file + " has 5 bytes, not the declared 99");
  }

  @Test
  void followsRedirectsWithoutTakingCredentialsElsewhere() throws Exception {
    try (FakeRegistry storage = new FakeRegistry()) {
      storage.handle((request, exchange) -> exchange.send(200, BLOB));
      server.handle((request, exchange) -> {
        if (!basic(ALICE).equals(request.authorization())) {
          exchange.header("WWW-Authenticate", "Basic realm=\"fake\"").send(401);
          return;
        }
        exchange.header("Location", storage.url() + "/blob?sig=1").send(307);
      });

      assertThat(client(ALICE).getBlob("app", BLOB_DIGEST)).isEqualTo(BLOB);
      assertThat(storage.requests()).singleElement()
          .satisfies(s -> assertThat(s.authorization()).isNull());
    }
  }

  @Test
  void rejectsABlobWhoseBytesDoNotMatchItsDigest() {
    server.handle((request, exchange) -> exchange.send(200, "other"));

    assertFails(() -> client(null).getBlob("app", BLOB_DIGEST), Kind.PROTOCOL,
        "registry " + server.host() + " sent blob " + BLOB_DIGEST + " of app whose bytes hash to "
            + ContentDigest.sha256("other".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsAnIndexWithItsPlatforms() throws Exception {
    String child = "sha256:" + "a".repeat(64);
    String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\","
        + "\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\""
        + child + "\",\"size\":123,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\","
        + "\"variant\":\"v7\"}}]}";
    server.handle((request, exchange) -> exchange.header("Content-Type", MediaTypes.OCI_INDEX)
        .send(200, index));

    Manifest manifest = client(null).getManifest("app", "1").orElseThrow();

    assertThat(manifest.isIndex()).isTrue();
    assertThat(manifest.digest()).isEqualTo(ContentDigest.sha256(index.getBytes()));
    assertThat(manifest.children()).containsExactly(new Manifest.Child(MediaTypes.OCI_MANIFEST,
        child, 123, "linux", "arm", "v7"));
    assertThat(manifest.children().get(0).platform()).isEqualTo(Platform.parse("linux/arm/v7"));
    assertThat(server.requests().get(0).uri()).isEqualTo("/v2/app/manifests/1");
  }

  @Test
  void findsNoManifestWhenTheRegistryHasNone() throws Exception {
    server.handle((request, exchange) ->
        exchange.send(404, FakeRegistry.errors("MANIFEST_UNKNOWN", "manifest unknown")));

    assertThat(client(null).getManifest("app", "1")).isEmpty();
  }

  @Test
  void rejectsAManifestWhoseDigestDiffersFromTheRegistrys() {
    server.handle((request, exchange) -> exchange.header("Content-Type", MediaTypes.OCI_MANIFEST)
        .header("Docker-Content-Digest", BLOB_DIGEST).send(200, "{\"layers\":[]}"));

    assertFails(() -> client(null).getManifest("app", "1"), Kind.PROTOCOL,
        "registry " + server.host() + " said manifest app:1 is " + BLOB_DIGEST
            + " but sent bytes that hash to "
            + ContentDigest.sha256("{\"layers\":[]}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void followsLinkPaginationOfTags() throws Exception {
    server.handle((request, exchange) -> {
      Map<String, String> query = FakeRegistry.query(request.uri());
      if (query.get("last") == null) {
        exchange.header("Link", "</v2/app/tags/list?n=2&last=b>; rel=\"next\"")
            .send(200, "{\"name\":\"app\",\"tags\":[\"a\",\"b\"]}");
      } else {
        exchange.send(200, "{\"name\":\"app\",\"tags\":[\"c\"]}");
      }
    });

    assertThat(client(null).tags("app", 2)).containsExactly("a", "b", "c");
    assertThat(server.requests()).extracting(FakeRegistry.Seen::uri)
        .containsExactly("/v2/app/tags/list?n=2", "/v2/app/tags/list?n=2&last=b");
  }

  @Test
  void readsTheNextLinkAmongOthers() {
    assertThat(Listing.nextLink(List.of(
        "<https://r.example/v2/_catalog?last=x>; rel=\"prev\", </v2/_catalog?last=y>; rel=next")))
        .contains("/v2/_catalog?last=y");
    assertThat(Listing.nextLink(List.of("</v2/x>; rel=\"last\""))).isEmpty();
  }

  @Test
  void reportsARefusedConnectionWithTheAddress() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    RegistryClient client = RegistryClient.builder("127.0.0.1:" + port).build();

    assertFails(() -> client.blobSize("app", BLOB_DIGEST), Kind.UNREACHABLE,
        "cannot reach registry 127.0.0.1:" + port + ": connection refused — is the address"
            + " right and the registry running?");
  }

  @Test
  void reportsATlsFailureAndSuggestsInsecureRegistry() throws Exception {
    try (RawServer plain = RawServer.plainHttp()) {
      RegistryClient client = RegistryClient.builder(plain.host()).plainHttpForLoopback(false)
          .build();

      assertFails(() -> client.blobSize("app", BLOB_DIGEST), Kind.TLS,
          "registry " + plain.host() + " speaks plain HTTP, not HTTPS: pass --insecure-registry "
              + plain.host() + " to let slim use plain HTTP with it");
    }
  }

  @Test
  void fallsBackToPlainHttpForAnInsecureRegistry() throws Exception {
    try (RawServer plain = RawServer.plainHttp()) {
      RegistryClient client = RegistryClient.builder(plain.host()).plainHttpForLoopback(false)
          .insecure(true).build();

      assertThat(client.blobSize("app", BLOB_DIGEST)).contains(5L);
      assertThat(client.blobSize("app", BLOB_DIGEST)).contains(5L);
      assertThat(client.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void refusesAMalformedRepositoryOrDigest() {
    RegistryClient client = client(null);

    assertThatThrownBy(() -> client.blobSize("App", BLOB_DIGEST))
        .hasMessage("invalid repository name \"App\": use lowercase letters and digits,"
            + " separated by '/', '.', '_', '__' or '-'");
    assertThatThrownBy(() -> client.blobSize("app", "sha256:xyz"))
        .hasMessage("invalid digest \"sha256:xyz\": use sha256: followed by 64 lowercase hex"
            + " digits");
  }

  private void assertFails(ThrowingCallable call, Kind kind, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.getMessage()).isEqualTo(message);
          assertThat(e.kind()).isEqualTo(kind);
          assertThat(e.getMessage()).doesNotContain(PASSWORD);
        });
  }

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b; matched < 4 && (b = in.read()) >= 0; ) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  /** A socket server for what HttpServer cannot do: reset connections, answer TLS with HTTP. */
  private static final class RawServer implements AutoCloseable {
    /** Handles one connection; returns whether it answered (else the connection is reset). */
    interface Conversation {
      boolean talk(InputStream in, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final Thread thread;

    RawServer(Conversation conversation) throws IOException {
      socket = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket connection = socket.accept()) {
            if (!conversation.talk(connection.getInputStream(), connection.getOutputStream())) {
              connection.setSoLinger(true, 0);
            }
          } catch (IOException e) {
            // Closed, or the client went away.
          }
        }
      });
      thread.setDaemon(true);
      thread.start();
    }

    /** A plain HTTP server: a TLS hello gets "400 Bad Request", a HEAD gets 200 with length 5. */
    static RawServer plainHttp() throws IOException {
      return new RawServer((in, out) -> {
        int first = in.read();
        if (first == 0x16) {
          out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          return true;
        }
        readHead(in);
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        return true;
      });
    }

    String host() {
      return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
