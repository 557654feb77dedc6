package dev.slim.registry;

import static dev.slim.testing.Gens.ints;
import static dev.slim.testing.Gens.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** What {@link Redactor} hides: every form of the secret and of tokens, only as whole values. */
class RedactorTest {

  private static final String USER = "alice";

  private static Redactor redactor(String secret, String... tokens) {
    return new Redactor(new Credentials(USER, secret), () -> List.of(tokens));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void hidesTheBasicHeaderValueARegistryEchoes() {
    String header = "Basic " + base64(USER + ":s3cret-pass");

    assertThat(redactor("s3cret-pass").redact("MALFORMED: saw Authorization: " + header))
        .isEqualTo("MALFORMED: saw Authorization: Basic ****");
  }

  @Test
  void hidesABasicHeaderOfCredentialsItDoesNotKnow() {
    String header = "Basic " + base64("bob:other");

    assertThat(new Redactor(null, List::of).redact("saw " + header + "."))
        .isEqualTo("saw Basic ****.");
  }

  @Test
  void hidesBearerTokensSentAndTokenFieldsAndPasswordParameters() {
    Redactor redactor = redactor("pw-1234", "tok.abc.XYZ");

    assertThat(redactor.redact("saw bearer tok.abc.XYZ; {\"access_token\": \"zz9\","
        + " \"identitytoken\":\"q\"} from /token?password=hunter2&account=alice"))
        .isEqualTo("saw bearer ****; {\"access_token\": \"****\", \"identitytoken\":\"****\"}"
            + " from /token?password=****&account=alice");
  }

  @Test
  void hidesTheSecretInEveryEncoding() {
    String secret = "p@ss word/+=";
    Redactor redactor = redactor(secret);
    String pair = USER + ":" + secret;
    byte[] pairBytes = pair.getBytes(StandardCharsets.UTF_8);

    for (String form : List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
        Base64.getEncoder().encodeToString(pairBytes),
        Base64.getEncoder().withoutPadding().encodeToString(pairBytes),
        Base64.getUrlEncoder().encodeToString(pairBytes),
        Base64.getUrlEncoder().withoutPadding().encodeToString(pairBytes))) {
      assertThat(redactor.redact("got (" + form + ") back")).isEqualTo("got (****) back");
    }
  }

  @Test
  void hidesAPasswordWithStars() {
    assertThat(redactor("pa**word").redact("echo: pa**word.")).isEqualTo("echo: ****.");
  }

  @Test
  void leavesWordsThatMerelyContainAShortPasswordAlone() {
    Redactor redactor = redactor("try");

    assertThat(redactor.redact("registry 127.0.0.1:5000 is busy: try again later"))
        .isEqualTo("registry 127.0.0.1:5000 is busy: try again later");
    assertThat(redactor.redact("Basic " + base64(USER + ":try") + " and password=try"))
        .isEqualTo("Basic **** and password=****");
  }

  @Test
  void leavesWordsThatContainALongerSecretAlone() {
    assertThat(redactor("secret").redact("secretary of secrets; the secret itself"))
        .isEqualTo("secretary of secrets; the **** itself");
  }

  @Test
  void leavesProseAboutAuthenticationSchemesAlone() {
    String message = "answered 401 Unauthorized without a challenge this client understands"
        + " (Basic or Bearer): cannot read manifest app:1; Bearer token refused";

    assertThat(redactor("pa55-w0rd").redact(message)).isEqualTo(message);
  }

  // ------------------------------------------------------------------------------ properties

  /** Secrets as users pick them: printable ASCII, at least 4 characters, not only '*'. */
  private static Gen<String> secrets() {
    return strings('!', '~', 4, 24).assuming(s -> !s.chars().allMatch(c -> c == '*'));
  }

  private static Gen<String> noise(int maxLength) {
    return strings("abcdefghijklmnopqrstuvwxyzABC0123456789 .,;:/-_()", 0, maxLength);
  }

  private static Gen<String> delimiters() {
    return arbitrary().pick(" ", "\n", "\"", "'", "(", ")", ":", ",", ";", "=", "&", "<", ">", "");
  }

  private static Gen<Integer> formIndex() {
    return ints(0, 100);
  }

  /** Where a form of the secret stands: after {@code before} and {@code left}, and so on. */
  private record Placement(String before, String left, String right, String after) {}

  private static Gen<Placement> placements() {
    return noise(40).zip(delimiters(), delimiters(), noise(40), Placement::new);
  }

  @Test
  void noEncodedFormOfTheSecretSurvives() {
    qt().withExamples(400).forAll(secrets(), placements(), formIndex())
        .checkAssert((secret, at, which) -> {
          List<String> forms = forms(secret);
          String form = forms.get(which % forms.size());
          String text = at.before() + " " + at.left() + form + at.right() + " " + at.after();

          String out = redactor(secret).redact(text);

          for (String f : forms) {
            assertThat(wholeTokenIn(out, f)).as("form %s of %s in %s", f, secret, out).isFalse();
          }
          assertThat(out).contains("****");
        });
  }

  @Test
  void textWithoutTheSecretIsUnchanged() {
    qt().withExamples(400).forAll(secrets(), noise(80))
        .assuming((secret, text) -> forms(secret).stream().noneMatch(text::contains))
        .assuming((secret, text) -> {
          String lower = text.toLowerCase(Locale.ROOT);
          return !lower.contains("basic") && !lower.contains("bearer");
        })
        .checkAssert((secret, text) -> assertThat(redactor(secret).redact(text)).isEqualTo(text));
  }

  @Test
  void redactingTwiceChangesNothingMore() {
    qt().withExamples(300).forAll(secrets(), noise(40), noise(40), formIndex())
        .checkAssert((secret, before, after, which) -> {
          List<String> forms = forms(secret);
          String text = before + " Basic " + forms.get(2) + " password=" + secret + " "
              + forms.get(which % forms.size()) + " {\"token\":\"" + after + "x\"} " + after;
          Redactor redactor = redactor(secret);

          String once = redactor.redact(text);

          assertThat(redactor.redact(once)).isEqualTo(once);
        });
  }

  /** The forms the test itself knows: raw, form-encoded, and the Basic pair in four base64s. */
  private static List<String> forms(String secret) {
    byte[] pair = (USER + ":" + secret).getBytes(StandardCharsets.UTF_8);
    List<String> forms = new ArrayList<>(List.of(secret,
        URLEncoder.encode(secret, StandardCharsets.UTF_8),
        Base64.getEncoder().encodeToString(pair),
        Base64.getEncoder().withoutPadding().encodeToString(pair),
        Base64.getUrlEncoder().encodeToString(pair),
        Base64.getUrlEncoder().withoutPadding().encodeToString(pair)));
    return forms;
  }

  /** Whether {@code form} stands in {@code text} not glued to letters or digits on its edges. */
  private static boolean wholeTokenIn(String text, String form) {
    String left = Character.isLetterOrDigit(form.charAt(0)) ? "(?<![\\p{L}\\p{Nd}])" : "";
    String right = Character.isLetterOrDigit(form.charAt(form.length() - 1))
        ? "(?![\\p{L}\\p{Nd}])" : "";
    return Pattern.compile(left + Pattern.quote(form) + right).matcher(text).find();
  }
}
