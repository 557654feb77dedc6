package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.registry.RegistryException.Kind;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Authenticator} with a scripted token service: which challenge is answered, what the token
 * request carries, when a token is reused, and what each refusal says.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AuthenticatorTest {

  private static final Credentials ALICE = new Credentials("alice", "pa55word!");
  private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
      "alice:pa55word!".getBytes(StandardCharsets.UTF_8));
  private static final List<String> PUSH = List.of("repository:app:pull,push");
  private static final String REALM = "Bearer realm=\"https://auth.example/token\"";

  private final List<HttpTransport.Request> sent = new ArrayList<>();
  private final Deque<Object> answers = new ArrayDeque<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  private Authenticator auth(Credentials credentials, boolean insecure) {
    Endpoint endpoint = Endpoint.of("r.example");
    Failures failures = new Failures(endpoint, credentials, tokens::values, Timeouts.defaults());
    return new Authenticator(endpoint, credentials, insecure, "slim/1", tokens, failures,
        Timeouts.defaults(), request -> {
          sent.add(request);
          Object next = answers.isEmpty() ? token("{\"token\":\"t" + sent.size() + "\"}")
              : answers.pop();
          if (next instanceof IOException e) {
            throw e;
          }
          return (Response) next;
        });
  }

  private static Response answer(int status, String body) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("Content-Type", List.of("application/json"));
    return new Response(status, headers, java.net.URI.create("https://auth.example/token"),
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), () -> { });
  }

  private static Response token(String body) {
    return answer(200, body);
  }

  private String query(int index) {
    return sent.get(index).uri().getRawQuery();
  }

  @Test
  void fetchesATokenForTheCallsScopesAndThoseTheChallengeAsksFor() throws Exception {
    Authenticator auth = auth(ALICE, false);

    String header = auth.answer(AuthChallenge.parse(REALM + ",service=\"reg\",scope=\""
        + "repository:app:pull  repository:base:pull\""), PUSH, "push app");

    assertThat(header).isEqualTo("Bearer t1");
    assertThat(sent).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.uri().getPath()).isEqualTo("/token");
      assertThat(r.headers()).containsEntry("Authorization", BASIC)
          .containsEntry("User-Agent", "slim/1");
      assertThat(r.body()).isNull();
    });
    assertThat(query(0)).isEqualTo("service=reg&scope=repository%3Aapp%3Apull%2Cpush"
        + "&scope=repository%3Aapp%3Apull&scope=repository%3Abase%3Apull&account=alice");
    assertThat(tokens).containsExactly(Map.entry("repository:app:pull,push", "t1"));
  }

  @Test
  void reusesATokenPerScopeAndFetchesNewScopesUpFront() throws Exception {
    Authenticator auth = auth(null, false);
    assertThat(auth.upFront(PUSH, "push app")).isNull();
    auth.answer(AuthChallenge.parse(REALM + ",scope=\"repository:app:pull\""), PUSH, "x");

    assertThat(auth.upFront(PUSH, "push app")).isEqualTo("Bearer t1");
    assertThat(sent).hasSize(1);
    assertThat(auth.upFront(List.of("repository:other:pull"), "read other"))
        .isEqualTo("Bearer t2");
    assertThat(query(1)).isEqualTo("service=r.example&scope=repository%3Aother%3Apull");
    assertThat(sent.get(1).headers()).doesNotContainKey("Authorization");
  }

  @Test
  void aBareUnauthorizedAsksTheKnownRealmAgainForTheCallsScopesOnly() throws Exception {
    Authenticator auth = auth(ALICE, false);
    auth.answer(AuthChallenge.parse(REALM + ",service=\"reg\",scope=\"repository:x:pull\""),
        PUSH, "push app");

    assertThat(auth.answer(List.of(), PUSH, "push app")).isEqualTo("Bearer t2");
    assertThat(query(1)).isEqualTo("service=reg&scope=repository%3Aapp%3Apull%2Cpush"
        + "&account=alice");
    assertThat(tokens).containsEntry("repository:app:pull,push", "t2");
  }

  @Test
  void aRealmWithAQueryAndABlankServiceStillGetsAWellFormedRequest() throws Exception {
    auth(null, false).answer(AuthChallenge.parse("Bearer realm=\"https://auth.example/token"
        + "?region=eu\",service=\" \""), PUSH, "x");
    assertThat(query(0)).isEqualTo("region=eu&service=r.example"
        + "&scope=repository%3Aapp%3Apull%2Cpush");
  }

  @Test
  void anIdentityTokenIsExchangedAsAnOAuthRefreshToken() throws Exception {
    Authenticator auth = auth(Credentials.identityToken("refresh+me"), false);
    auth.answer(AuthChallenge.parse(REALM + ",service=\"reg\""), PUSH, "x");

    HttpTransport.Request request = sent.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri().toString()).isEqualTo("https://auth.example/token");
    assertThat(request.headers()).containsEntry("Content-Type",
        "application/x-www-form-urlencoded").doesNotContainKey("Authorization");
    assertThat(new String(request.body().open().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("grant_type=refresh_token&client_id=slim&refresh_token=refresh%2Bme"
            + "&service=reg&scope=repository%3Aapp%3Apull%2Cpush");
  }

  @Test
  void takesAnAccessTokenWhenThereIsNoTokenField() throws Exception {
    answers.add(token("{\"access_token\":\"at\"}"));
    answers.add(token("{\"token\":\"\",\"access_token\":\"at2\"}"));
    Authenticator auth = auth(null, false);
    assertThat(auth.answer(AuthChallenge.parse(REALM), PUSH, "x")).isEqualTo("Bearer at");
    assertThat(auth.answer(AuthChallenge.parse(REALM), PUSH, "x")).isEqualTo("Bearer at2");
  }

  @Test
  void aTokenServiceThatGivesNoTokenOrRefusesSaysSo() {
    Authenticator auth = auth(ALICE, false);
    for (String body : List.of("{}", "{\"token\":\"\"}", "not json", "{\"token\":5}")) {
      answers.add(token(body));
      assertThatThrownBy(() -> auth.answer(AuthChallenge.parse(REALM), PUSH, "push app"))
          .as(body).hasMessage("the token service of registry r.example (auth.example)"
              + " answered without a token: cannot push app");
    }
    for (int status : new int[] {401, 403}) {
      answers.add(answer(status, "{\"details\":\"bad password\"}"));
      assertThatThrownBy(() -> auth.answer(AuthChallenge.parse(REALM), PUSH, "push app"))
          .isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
          .hasMessageStartingWith("registry r.example refused the credentials");
    }
    answers.add(answer(500, "{\"details\":\"down\"}"));
    assertThatThrownBy(() -> auth.answer(AuthChallenge.parse(REALM), PUSH, "push app"))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
        .hasMessage("cannot get an access token to push app from auth.example (the token"
            + " service of registry r.example): unexpected answer 500 Internal Server Error;"
            + " down");
  }

  @Test
  void aRealmThatIsNoHttpUrlIsAProtocolFailure() {
    Authenticator auth = auth(null, false);
    for (String challenge : List.of("Bearer service=\"reg\"", "Bearer realm=\"not a uri\"",
        "Bearer realm=\"ftp://auth.example/token\"", "Bearer realm=\"/token\"")) {
      assertThatThrownBy(() -> auth.answer(AuthChallenge.parse(challenge), PUSH, "push app"))
          .as(challenge).hasMessage("registry r.example asked for a bearer token but named no"
              + " usable token service (realm): cannot push app");
    }
    assertThat(sent).isEmpty();
  }

  @Test
  void credentialsGoOverPlainHttpOnlyToLoopbackOrAnInsecureRegistry() throws Exception {
    List<AuthChallenge> plain = AuthChallenge.parse("Bearer realm=\"http://auth.example/t\"");
    assertThatThrownBy(() -> auth(ALICE, false).answer(plain, PUSH, "push app"))
        .isInstanceOfSatisfying(RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
        .hasMessage("registry r.example wants the credentials sent over plain HTTP to"
            + " auth.example; refused — pass --insecure-registry r.example if that is intended");
    assertThat(sent).isEmpty();

    assertThat(auth(ALICE, true).answer(plain, PUSH, "x")).isEqualTo("Bearer t1");
    assertThat(auth(null, false).answer(plain, PUSH, "x")).isEqualTo("Bearer t2");
    assertThat(auth(ALICE, false).answer(AuthChallenge.parse(
        "Bearer realm=\"http://127.0.0.1:5001/t\""), PUSH, "x")).isEqualTo("Bearer t3");
  }

  @Test
  void aDroppedConnectionToTheTokenServiceIsTriedOnceMore() throws Exception {
    answers.add(new EOFException());
    assertThat(auth(null, false).answer(AuthChallenge.parse(REALM), PUSH, "x"))
        .isEqualTo("Bearer t2");

    sent.clear();
    answers.add(new EOFException());
    answers.add(new EOFException());
    answers.add(token("{\"token\":\"late\"}"));
    assertThatThrownBy(() -> auth(null, false).answer(AuthChallenge.parse(REALM), PUSH, "x"))
        .hasMessageStartingWith("connection to auth.example:443 (the token service of registry"
            + " r.example) failed: cannot get an access token to x");
    assertThat(sent).hasSize(2);

    sent.clear();
    answers.clear();
    answers.add(new ConnectException("refused"));
    assertThatThrownBy(() -> auth(null, false).answer(AuthChallenge.parse(REALM), PUSH, "x"))
        .hasMessageContaining("connection refused");
    assertThat(sent).hasSize(1);
  }

  @Test
  void aBasicChallengeGetsTheCredentialsFromThenOnAndBearerIsPreferred() throws Exception {
    Authenticator basic = auth(ALICE, false);
    assertThat(basic.answer(AuthChallenge.parse("Basic realm=\"r\""), PUSH, "x"))
        .isEqualTo(BASIC);
    assertThat(basic.upFront(List.of("repository:other:pull"), "x")).isEqualTo(BASIC);

    assertThat(auth(ALICE, false).answer(AuthChallenge.parse("Basic realm=\"r\", " + REALM),
        PUSH, "x")).isEqualTo("Bearer t1");

    assertThatThrownBy(() -> auth(null, false).answer(AuthChallenge.parse("Basic realm=\"r\""),
        PUSH, "push app")).hasMessageStartingWith("registry r.example requires authentication");
  }

  @Test
  void aChallengeItDoesNotUnderstandIsRefusedWithTheScheme() {
    for (String header : List.of("", "Negotiate abc", "Digest realm=\"r\"")) {
      assertThatThrownBy(() -> auth(ALICE, false).answer(AuthChallenge.parse(header), PUSH,
          "push app")).isInstanceOfSatisfying(RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
          .hasMessage("registry r.example answered 401 Unauthorized without a challenge this"
              + " client understands (Basic or Bearer): cannot push app");
    }
  }
}
