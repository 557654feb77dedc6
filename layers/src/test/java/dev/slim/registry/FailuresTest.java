package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.registry.RegistryException.Kind;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Failures}: the message a user reads for each answer and each broken connection, what
 * kind of failure it is, and the hint it gives.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FailuresTest {

  private static final String REGISTRY = "r.example";
  private static final URI API = URI.create("https://r.example/v2/app/blobs/sha256:00");
  private static final URI TOKENS = URI.create("https://auth.example/token");
  private static final Credentials ALICE = new Credentials("alice", "s3cret-pass");

  private static Failures failures(Credentials credentials) {
    return new Failures(Endpoint.of(REGISTRY), credentials, List::of, Timeouts.defaults());
  }

  private static Response answer(int status, String contentType, String body,
      String... headers) {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (contentType != null) {
      map.put("Content-Type", List.of(contentType));
    }
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], List.of(headers[i + 1]));
    }
    return new Response(status, map, API,
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), () -> { });
  }

  private static Response json(int status, String body, String... headers) {
    return answer(status, "application/json", body, headers);
  }

  private static String errors(String code, String message) {
    return "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}";
  }

  @Test
  void aMissingRepositoryOnPushSaysToCreateItFirstButNotOnRead() {
    Failures f = failures(null);
    RegistryException push = f.answer(json(404, errors("NAME_UNKNOWN", "no such repo")),
        "push manifest app:1");
    assertThat(push.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(push.hasCode("NAME_UNKNOWN")).isTrue();
    assertThat(push).hasMessage("cannot push manifest app:1 on registry r.example: not found"
        + " (404 Not Found; NAME_UNKNOWN: no such repo) — create the repository first:"
        + " registries such as ECR do not create one on push");

    for (String action : List.of("upload blob x", "start an upload to app", "mount blob x")) {
      assertThat(f.answer(json(404, errors("NAME_UNKNOWN", "no")), action))
          .hasMessageContaining("create the repository first");
    }
    assertThat(f.answer(json(404, errors("NAME_UNKNOWN", "no such repo")), "read blob x"))
        .hasMessage("cannot read blob x on registry r.example: not found (404 Not Found;"
            + " NAME_UNKNOWN: no such repo)");
    assertThat(f.answer(json(404, errors("BLOB_UNKNOWN", "no")), "push manifest app:1"))
        .hasMessageNotContaining("create the repository");
  }

  @Test
  void aDeniedPushSaysTheRepositoryMayHaveToBeCreated() {
    Failures f = failures(ALICE);
    RegistryException denied = f.answer(json(403, errors("DENIED", "not allowed")),
        "push manifest app:1");
    assertThat(denied.kind()).isEqualTo(Kind.FORBIDDEN);
    assertThat(denied).hasMessage("registry r.example denied access: cannot push manifest app:1"
        + " (403 Forbidden; DENIED: not allowed) — check the repository name and that the"
        + " account may access it; if the repository does not exist yet, create it first (ECR,"
        + " or GHCR for an organisation that does not let members create packages)");
    assertThat(f.answer(json(403, errors("DENIED", "no")), "read manifest app:1"))
        .hasMessageEndingWith("may access it");
    assertThat(f.answer(answer(403, null, ""), "push manifest app:1"))
        .hasMessage("registry r.example denied access: cannot push manifest app:1 (403"
            + " Forbidden) — check the repository name and that the account may access it");
  }

  @Test
  void anInsufficientScopeIsForbiddenForKnownCredentialsOnly() {
    Response scope = json(401, "", "WWW-Authenticate",
        "Bearer realm=\"https://auth.example/token\",error=\"insufficient_scope\"");
    RegistryException known = failures(ALICE).answer(scope, "push manifest app:1");
    assertThat(known.kind()).isEqualTo(Kind.FORBIDDEN);
    assertThat(known).hasMessage("registry r.example does not let these credentials push"
        + " manifest app:1 (401 Unauthorized, insufficient scope): check the repository name"
        + " and that the account may access it");

    RegistryException anonymous = failures(null).answer(json(401, "", "WWW-Authenticate",
        "Bearer error=\"insufficient_scope\""), "push manifest app:1");
    assertThat(anonymous.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(anonymous).hasMessage("registry r.example requires authentication (401"
        + " Unauthorized): pass --username and --password-stdin, or run 'docker login"
        + " r.example'");

    RegistryException refused = failures(ALICE).answer(json(401, "", "WWW-Authenticate",
        "Bearer error=\"invalid_token\""), "push manifest app:1");
    assertThat(refused.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(refused).hasMessageStartingWith("registry r.example refused the credentials");
  }

  @Test
  void aProxyRefusalABusyRegistryAndOtherAnswersSayWhatHappened() {
    Failures f = failures(null);
    RegistryException proxy = f.answer(answer(407, null, ""), "read blob x");
    assertThat(proxy.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(proxy).hasMessage("the proxy to registry r.example refused the request: cannot"
        + " read blob x (407 Proxy Authentication Required) — check the user and password in"
        + " the proxy URL (HTTP_PROXY, http_proxy)");
    for (int status : new int[] {429, 503}) {
      RegistryException busy = f.answer(answer(status, null, ""), "read blob x");
      assertThat(busy.kind()).isEqualTo(Kind.UNREACHABLE);
      assertThat(busy).hasMessage("registry r.example is busy: cannot read blob x ("
          + Failures.status(status) + ", 3 tries) — try again later");
    }
    RegistryException odd = f.answer(json(500, errors("UNKNOWN", "disk full")), "read blob x");
    assertThat(odd.kind()).isEqualTo(Kind.PROTOCOL);
    assertThat(odd).hasMessage("cannot read blob x on registry r.example: unexpected answer 500"
        + " Internal Server Error; UNKNOWN: disk full");
    assertThat(f.answer(answer(418, null, ""), "read blob x"))
        .hasMessage("cannot read blob x on registry r.example: unexpected answer 418");
  }

  @Test
  void detailsComeFromEveryShapeOfErrorBodyRegistriesSend() {
    assertThat(Failures.details(json(400, "{\"errors\":[{\"code\":\"A\"},{\"message\":\"m\"},"
        + "{\"code\":\"B\",\"message\":\"n\"},{}]}"))).isEqualTo("A; m; B: n");
    assertThat(Failures.details(json(401, "{\"details\":\"bad password\"}")))
        .isEqualTo("bad password");
    assertThat(Failures.details(json(401, "{\"error\":\"invalid_grant\","
        + "\"error_description\":\"token expired\"}"))).isEqualTo("token expired");
    assertThat(Failures.details(json(500, "{\"message\":\"oops\"}"))).isEqualTo("oops");
    assertThat(Failures.details(json(500, "{\"other\":1}"))).isEmpty();
    assertThat(Failures.details(answer(502, "text/plain; charset=utf-8",
        "\n  upstream down  \nsecond line"))).isEqualTo("upstream down");
    assertThat(Failures.details(answer(502, "text/html", "<html>down</html>"))).isEmpty();
    assertThat(Failures.details(answer(502, null, ""))).isEmpty();
    assertThat(Failures.detailsSuffix(json(500, "{\"message\":\"oops\"}")))
        .isEqualTo("; oops");
    assertThat(Failures.detailsSuffix(answer(500, null, ""))).isEmpty();
  }

  @Test
  void longDetailsAreCutAtThreeHundredCharacters() {
    String exactly = "x".repeat(300);
    assertThat(Failures.details(answer(500, "text/plain", exactly))).isEqualTo(exactly);
    assertThat(Failures.details(answer(500, "text/plain", exactly + "y")))
        .isEqualTo(exactly + "…");
  }

  @Test
  void codesAreReadOnlyFromAnErrorsArray() {
    assertThat(Failures.codes(errors("A", "x").getBytes(StandardCharsets.UTF_8)))
        .containsExactly("A");
    assertThat(Failures.codes("{\"errors\":[{\"code\":\" \"},{\"code\":\"B\"}]}"
        .getBytes(StandardCharsets.UTF_8))).containsExactly("B");
    assertThat(Failures.codes("{\"errors\":{\"code\":\"A\"}}".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(Failures.codes("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(failures(null).answer(answer(500, null, ""), "x").hasCode("A")).isFalse();
  }

  @Test
  void anOciManifestARegistryRefusesSuggestsDockersFormat() {
    Failures f = failures(null);
    String oci = "application/vnd.oci.image.manifest.v1+json";
    String docker = "application/vnd.docker.distribution.manifest.v2+json";
    String hint = " — this registry may not accept OCI manifests (" + oci
        + "): try --format docker";
    assertThat(f.manifestRefused(answer(415, null, ""), "push manifest app:1", oci))
        .hasMessageEndingWith(hint);
    for (String code : List.of("MANIFEST_INVALID", "UNSUPPORTED")) {
      RegistryException e = f.manifestRefused(json(400, errors(code, "no")),
          "push manifest app:1", oci);
      assertThat(e).hasMessageEndingWith(hint);
      assertThat(e.hasCode(code)).isTrue();
      assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
    }
    assertThat(f.manifestRefused(json(400, errors("TAG_INVALID", "no")), "push manifest a:1",
        oci)).hasMessageNotContaining("--format docker");
    assertThat(f.manifestRefused(answer(415, null, ""), "push manifest a:1", docker))
        .hasMessageNotContaining("--format docker");
    assertThat(f.manifestRefused(json(404, errors("MANIFEST_INVALID", "no")),
        "push manifest a:1", oci)).hasMessageNotContaining("--format docker");
  }

  @Test
  void tlsFailuresSayWhatIsWrongWithTheCertificateAndWhatToDo() {
    Failures f = failures(null);
    RegistryException plain = f.connection(tls("Unsupported or unrecognized SSL message"), API,
        "read blob x");
    assertThat(plain.kind()).isEqualTo(Kind.TLS);
    assertThat(plain).hasMessage(TlsHints.speaksPlainHttp("r.example:443", REGISTRY));
    assertThat(f.connection(tls("trustAnchors parameter must be non-empty"), TOKENS, "x"))
        .hasMessage(TlsHints.emptyTrustStore("r.example:443"));
    assertThat(f.connection(tls("PKIX path building failed"), API, "x"))
        .hasMessage(TlsHints.untrustedCertificate("r.example:443", "r.example", false));

    String caHint = " — if it uses a private certificate authority, add it to Java's trust"
        + " store; if this registry uses plain HTTP, pass --insecure-registry r.example";
    String token = "TLS handshake with auth.example (the token service of registry r.example)"
        + " failed: ";
    assertThat(f.connection(tls("PKIX path building failed"), TOKENS, "x"))
        .hasMessage(token + "its certificate is not trusted (unknown certificate authority)"
            + caHint);
    assertThat(f.connection(tls("unable to find valid certification path"), TOKENS, "x"))
        .hasMessage(token + "its certificate is not trusted (unknown certificate authority)"
            + caHint);
    assertThat(f.connection(tls("No subject alternative names present"), API, "x"))
        .hasMessage("TLS handshake with r.example failed: its certificate does not name this"
            + " host" + caHint);
    assertThat(f.connection(tls("No name matching r.example found"), API, "x"))
        .hasMessageContaining("its certificate does not name this host");
    assertThat(f.connection(tls("certificate expired on 2020"), API, "x"))
        .hasMessageContaining("its certificate has expired or is not yet valid" + caHint);
    assertThat(f.connection(tls("validity check failed"), API, "x"))
        .hasMessageContaining("its certificate has expired or is not yet valid");
    String noCa = " — if this registry uses plain HTTP, pass --insecure-registry r.example";
    assertThat(f.connection(tls("Unsupported or unrecognized SSL message"), TOKENS, "x"))
        .hasMessage(token + "the server did not answer with TLS" + noCa);
    assertThat(f.connection(tls("plaintext connection?"), TOKENS, "x"))
        .hasMessage(token + "the server did not answer with TLS" + noCa);
    assertThat(f.connection(tls("Received fatal alert: handshake_failure"), API, "x"))
        .hasMessage("TLS handshake with r.example failed: Received fatal alert:"
            + " handshake_failure" + noCa);
    assertThat(f.connection(new IOException(new SSLHandshakeException(null)), API, "x"))
        .hasMessage("TLS handshake with r.example failed: SSLHandshakeException" + noCa);
  }

  private static IOException tls(String message) {
    return new IOException("wrapped", new SSLException(message));
  }

  @Test
  void connectionFailuresNameTheAddressAndTheReason() {
    Failures f = failures(null);
    String reach = "cannot reach registry r.example:443: ";
    String tail = " — is the address right and the registry running?";
    assertThat(f.connection(new HttpConnectTimeoutException("timed out"), API, "x"))
        .hasMessage(reach + "connection timed out" + tail);
    assertThat(f.connection(new IOException(new UnresolvedAddressException()), API, "x"))
        .hasMessage(reach + "unknown host" + tail);
    assertThat(f.connection(new UnknownHostException("r.example"), API, "x"))
        .hasMessage(reach + "unknown host" + tail);
    assertThat(f.connection(new NoRouteToHostException("no route"), API, "x"))
        .hasMessage(reach + "no route to host" + tail);
    RegistryException refused = f.connection(new ConnectException("refused"), TOKENS, "x");
    assertThat(refused.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(refused).hasMessage("cannot reach auth.example:443 (the token service of"
        + " registry r.example): connection refused" + tail)
        .hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void aDroppedConnectionSaysHowItEndedAndToTryAgain() {
    Failures f = failures(null);
    String head = "connection to registry r.example:443 failed: cannot read blob x (";
    assertThat(f.connection(new EOFException(), API, "read blob x"))
        .hasMessage(head + "the connection was closed before an answer came) — try again");
    assertThat(f.connection(new IOException("HTTP/1.1 header parser received no bytes"), API,
        "read blob x")).hasMessage(head + "the connection was closed before an answer came)"
            + " — try again");
    assertThat(f.connection(new IOException("EOF reached while reading"), API, "read blob x"))
        .hasMessage(head + "the connection was closed before an answer came) — try again");
    assertThat(f.connection(new IOException("Connection RESET by peer"), API, "read blob x"))
        .hasMessage(head + "the connection was reset) — try again");
    assertThat(f.connection(new IOException("Broken pipe"), API, "read blob x"))
        .hasMessage(head + "Broken pipe) — try again");
    assertThat(f.connection(new IOException(), API, "read blob x"))
        .hasMessage(head + "the connection failed) — try again");
  }

  @Test
  void noAnswerInTimeSaysHowLongAndHowToAllowMore() {
    Failures f = failures(null);
    assertThat(f.connection(new SocketTimeoutException("Read timed out"), API, "read blob x"))
        .hasMessage("registry r.example:443 did not answer within 120 s: cannot read blob x —"
            + " try again later, or allow more time with SLIM_REGISTRY_TIMEOUT=SECONDS");
    Failures quick = new Failures(Endpoint.of(REGISTRY), null, List::of,
        new Timeouts(Duration.ofMillis(1500)));
    RegistryException thrice = quick.timedOut("registry r.example:443", "upload blob x", 3,
        null);
    assertThat(thrice.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(thrice).hasMessage("registry r.example:443 did not answer within 1500 ms: cannot"
        + " upload blob x (3 tries) — try again later, or allow more time with"
        + " SLIM_REGISTRY_TIMEOUT=SECONDS");
  }

  @Test
  void namesTheRegistryOrItsTokenServiceWithThePortUsed() {
    Failures f = failures(null);
    assertThat(f.who(API)).isEqualTo("registry r.example:443");
    assertThat(f.who(URI.create("http://r.example/v2/"))).isEqualTo("registry r.example:80");
    assertThat(f.who(URI.create("http://auth.example/token")))
        .isEqualTo("auth.example:80 (the token service of registry r.example)");
    assertThat(f.who(URI.create("https://auth.example:8443/token")))
        .isEqualTo("auth.example:8443 (the token service of registry r.example)");
    assertThat(f.who(URI.create("https://auth.example:0/token")))
        .isEqualTo("auth.example:0 (the token service of registry r.example)");
  }

  @Test
  void noMessageShowsTheSecretEvenWhenTheRegistryEchoesIt() {
    Failures f = new Failures(Endpoint.of(REGISTRY), ALICE, () -> List.of("tok-abcdef123"),
        Timeouts.defaults());
    RegistryException e = f.answer(json(500, errors("UNKNOWN", "bad s3cret-pass and"
        + " tok-abcdef123")), "read blob x");
    assertThat(e).hasMessage("cannot read blob x on registry r.example: unexpected answer 500"
        + " Internal Server Error; UNKNOWN: bad **** and ****");
    assertThat(f.connection(new IOException("s3cret-pass"), API, "x"))
        .hasMessageNotContaining("s3cret-pass");
  }

  @Test
  void findsACauseOfAKindAnywhereInTheChainAndStopsAtASelfCause() {
    IOException deep = new IOException("a", new IOException("b", new ConnectException("c")));
    assertThat(Failures.cause(deep, ConnectException.class)).hasMessage("c");
    assertThat(Failures.cause(deep, SSLException.class)).isNull();
    assertThat(Failures.cause(null, IOException.class)).isNull();
    assertThat(Failures.status(404)).isEqualTo("404 Not Found");
    assertThat(Failures.status(299)).isEqualTo("299");
  }
}
