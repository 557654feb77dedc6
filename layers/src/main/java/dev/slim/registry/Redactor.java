package dev.slim.registry;

import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in a text that is about to be shown, whatever form they take there.
 *
 * <p>What it hides, each replaced by {@value #MARK}:
 * <ul>
 *   <li>the password or identity token and every token slim received, raw, form-encoded
 *       ({@code +} or {@code %20} for a space) and JSON-escaped;
 *   <li>{@code user:password} in base64, standard and URL-safe, with and without padding (the
 *       {@code Basic} header value), and the secret alone in those four encodings;
 *   <li>any {@code Basic} value that decodes to {@code user:password}, any {@code Bearer} value
 *       that looks like a token (8 or more token characters, not all letters), even for
 *       credentials slim does not know;
 *   <li>the values of {@code auth}, {@code token}, {@code access_token}, {@code refresh_token},
 *       {@code identitytoken}, {@code password} and {@code secret} JSON fields and
 *       {@code name=value} parameters.
 * </ul>
 *
 * <p>A known secret is replaced only as a whole value: where its first (last) character is a
 * letter or digit, the character before (after) it must not be one, so that the password {@code
 * try} leaves {@code registry} alone. A secret of fewer than {@value #MIN_FREE_LENGTH} characters
 * is too likely to be an ordinary word ({@code try}, {@code the}): it is hidden only where a
 * secret is known to stand (the header values, fields and parameters above), and in its base64
 * pair with the user name.
 */
final class Redactor {

  static final String MARK = "****";
  static final int MIN_FREE_LENGTH = 4;

  /** Knows no secret: hides only header values, token fields and parameters. */
  static final Redactor ANONYMOUS = new Redactor(null, List::of);

  private static final String FIELDS = "auth|token|access_token|refresh_token|identitytoken"
      + "|identity_token|password|secret";
  private static final Pattern JSON_FIELD = Pattern.compile(
      "(?i)(\"(?:" + FIELDS + ")\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)+)(\")");
  private static final Pattern PARAMETER = Pattern.compile(
      "(?i)(?<![\\p{L}\\p{Nd}_])((?:" + FIELDS + ")=)([^&\\s\"',;)]+)");
  private static final Pattern BASIC = Pattern.compile(
      "(?i)(?<![\\p{L}\\p{Nd}])(basic\\s+)([A-Za-z0-9+/_-]+=*)");
  private static final Pattern BEARER = Pattern.compile(
      "(?i)(?<![\\p{L}\\p{Nd}])(bearer\\s+)([A-Za-z0-9._~+/-]{8,}=*)");

  private final Credentials credentials;
  private final Supplier<? extends Collection<String>> tokens;

  /**
   * @param credentials what slim authenticates with, or {@code null}
   * @param tokens the tokens slim holds now (read on every call, as new ones arrive)
   */
  Redactor(Credentials credentials, Supplier<? extends Collection<String>> tokens) {
    this.credentials = credentials;
    this.tokens = tokens;
  }

  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = known(text);
    out = replaceGroup(out, JSON_FIELD, m -> true);
    out = replaceGroup(out, PARAMETER, m -> !m.group(2).equals(MARK));
    out = replaceGroup(out, BASIC, m -> isBasicPair(m.group(2)));
    out = replaceGroup(out, BEARER, m -> !m.group(2).chars().allMatch(Character::isLetter));
    return out;
  }

  /** Replaces every whole occurrence of every form of every known secret, until none is left. */
  private String known(String text) {
    List<String> forms = forms();
    String out = text;
    while (true) {
      String before = out;
      for (String form : forms) {
        out = replaceWhole(out, form);
      }
      if (out.equals(before)) {
        return out;
      }
    }
  }

  /**
   * The encoded forms of the secrets, longest first. A form made only of {@code *} is left out:
   * replacing it by the mark could go on for ever (and it hides nothing).
   */
  private List<String> forms() {
    Set<String> forms = new LinkedHashSet<>();
    List<String> secrets = new ArrayList<>(tokens.get());
    if (credentials != null) {
      String pair = credentials.username() + ":" + credentials.secret();
      forms.addAll(base64(pair));
      secrets.add(credentials.secret());
    }
    for (String secret : secrets) {
      if (secret == null || secret.length() < MIN_FREE_LENGTH) {
        continue;
      }
      forms.add(secret);
      String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
      forms.add(encoded);
      forms.add(encoded.replace("+", "%20"));
      forms.add(jsonEscaped(secret));
      forms.addAll(base64(secret));
    }
    forms.removeIf(form -> form.length() < MIN_FREE_LENGTH
        || form.chars().allMatch(c -> c == '*'));
    List<String> sorted = new ArrayList<>(forms);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return sorted;
  }

  private static List<String> base64(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return List.of(Base64.getEncoder().encodeToString(bytes),
        Base64.getEncoder().withoutPadding().encodeToString(bytes),
        Base64.getUrlEncoder().encodeToString(bytes),
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  private static String jsonEscaped(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code form} replaced where it is not glued to a letter or digit on an alphanumeric edge. */
  static String replaceWhole(String text, String form) {
    boolean wordStart = Character.isLetterOrDigit(form.charAt(0));
    boolean wordEnd = Character.isLetterOrDigit(form.charAt(form.length() - 1));
    StringBuilder out = new StringBuilder();
    int copied = 0;
    int from = 0;
    int at;
    while ((at = text.indexOf(form, from)) >= 0) {
      int end = at + form.length();
      boolean glued = wordStart && at > 0 && Character.isLetterOrDigit(text.charAt(at - 1))
          || wordEnd && end < text.length() && Character.isLetterOrDigit(text.charAt(end));
      if (glued) {
        from = at + 1;
      } else {
        out.append(text, copied, at).append(MARK);
        copied = end;
        from = end;
      }
    }
    return copied == 0 ? text : out.append(text, copied, text.length()).toString();
  }

  @FunctionalInterface
  private interface Test {
    boolean hides(Matcher match);
  }

  /** Replaces group 2 of each match that {@code test} accepts by the mark. */
  private static String replaceGroup(String text, Pattern pattern, Test test) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    boolean changed = false;
    while (m.find()) {
      if (test.hides(m)) {
        changed = true;
        m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + MARK
            + (m.groupCount() >= 3 ? m.group(3) : "")));
      }
    }
    if (!changed) {
      return text;
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Whether a Basic value is base64 of {@code user:password} (UTF-8, any of the alphabets). */
  private static boolean isBasicPair(String value) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value.replace('-', '+').replace('_', '/')
          .replace("=", ""));
    } catch (IllegalArgumentException e) {
      return false;
    }
    try {
      String decoded = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes))
          .toString();
      return decoded.indexOf(':') > 0;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
