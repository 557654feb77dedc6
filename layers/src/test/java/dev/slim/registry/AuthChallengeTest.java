package dev.slim.registry;

import static dev.slim.testing.Gens.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.quicktheories.QuickTheory.qt;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AuthChallengeTest {

  @Test
  void readsBearerRealmServiceAndScope() {
    List<AuthChallenge> challenges = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io"
        + "/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"");

    assertThat(challenges).containsExactly(new AuthChallenge("Bearer", Map.of(
        "realm", "https://auth.docker.io/token",
        "service", "registry.docker.io",
        "scope", "repository:library/alpine:pull")));
  }

  @Test
  void readsBasicRealm() {
    List<AuthChallenge> challenges = AuthChallenge.parse("Basic realm=\"Registry Realm\"");

    assertThat(challenges).hasSize(1);
    assertThat(challenges.get(0).is("basic")).isTrue();
    assertThat(challenges.get(0).param("Realm")).isEqualTo("Registry Realm");
  }

  @Test
  void splitsSeveralChallengesInOneHeader() {
    List<AuthChallenge> challenges = AuthChallenge.parse(
        "Basic realm=\"a, b\", Bearer realm=\"https://t.example/token\", service=reg");

    assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("Basic", "Bearer");
    assertThat(challenges.get(0).param("realm")).isEqualTo("a, b");
    assertThat(challenges.get(1).param("realm")).isEqualTo("https://t.example/token");
    assertThat(challenges.get(1).param("service")).isEqualTo("reg");
  }

  @Test
  void unescapesQuotedValuesAndKeepsErrorParameters() {
    AuthChallenge challenge = AuthChallenge.parse("Bearer realm=\"x\\\"y\","
        + "error=\"insufficient_scope\",scope=\"repository:a:pull repository:b:pull,push\"")
        .get(0);

    assertThat(challenge.param("realm")).isEqualTo("x\"y");
    assertThat(challenge.param("error")).isEqualTo("insufficient_scope");
    assertThat(challenge.param("scope")).isEqualTo("repository:a:pull repository:b:pull,push");
  }

  @Test
  void acceptsSchemeWithoutParametersAndOddSpacing() {
    List<AuthChallenge> challenges = AuthChallenge.parse("  Negotiate ,  Bearer   realm = "
        + "\"r\" ,,service=\"s\"");

    assertThat(challenges).extracting(AuthChallenge::scheme)
        .containsExactly("Negotiate", "Bearer");
    assertThat(challenges.get(1).params()).isEqualTo(Map.of("realm", "r", "service", "s"));
  }

  @Test
  void ignoresEmptyOrMissingHeader() {
    assertThat(AuthChallenge.parse(null)).isEmpty();
    assertThat(AuthChallenge.parse("   ")).isEmpty();
  }

  @Test
  @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void survivesGarbageWithoutLooping() {
    assertThat(AuthChallenge.parse("\"=,=\" / Bearer realm=\"unterminated"))
        .extracting(AuthChallenge::scheme).contains("Bearer");
  }

  @Test
  void keepsAnUnterminatedQuotedValueAndEveryTokenCharacter() {
    AuthChallenge cut = AuthChallenge.parse("Bearer realm=\"https://auth.example/t").get(0);
    assertThat(cut.param("realm")).isEqualTo("https://auth.example/t");

    List<AuthChallenge> edges = AuthChallenge.parse("azAZ09!#$%&'*+-.^_`|~ k=az09AZ");
    assertThat(edges).singleElement().satisfies(c -> {
      assertThat(c.scheme()).isEqualTo("azAZ09!#$%&'*+-.^_`|~");
      assertThat(c.params()).isEqualTo(Map.of("k", "az09AZ"));
      assertThat(c.is("AZAZ09!#$%&'*+-.^_`|~")).isTrue();
    });
    assertThat(AuthChallenge.parse("a@b")).extracting(AuthChallenge::scheme)
        .containsExactly("a", "b");
    assertThat(AuthChallenge.parse("Basic realm=\"x\", realm=\"y\"").get(0).param("REALM"))
        .isEqualTo("x");
  }

  /** Any header a hostile registry sends parses, quickly, to challenges with a scheme each. */
  @Test
  void parsesAnyHeaderInBoundedTime() {
    String chars = "\"=, \\\tBarelmsvicop/:";
    qt().withExamples(3000).forAll(strings(chars, 0, 300)).checkAssert(header -> {
      List<AuthChallenge> parsed = assertTimeoutPreemptively(Duration.ofSeconds(2),
          () -> AuthChallenge.parse(header));
      assertThat(parsed).allSatisfy(c -> assertThat(c.scheme()).isNotBlank());
    });
  }
}
