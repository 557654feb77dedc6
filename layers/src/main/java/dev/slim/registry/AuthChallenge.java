package dev.slim.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235), such as {@code Bearer
 * realm="https://auth.example/token",service="registry.example",scope="repository:a:pull"}.
 *
 * @param scheme as sent; compare with {@link #is(String)}
 * @param params parameter names in lower case, values unquoted
 */
record AuthChallenge(String scheme, Map<String, String> params) {

  AuthChallenge {
    Objects.requireNonNull(scheme, "scheme");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  boolean is(String name) {
    return scheme.equalsIgnoreCase(name);
  }

  /** A parameter by case-insensitive name, or {@code null}. */
  String param(String name) {
    return params.get(name.toLowerCase(Locale.ROOT));
  }

  /** Every challenge in a header value; unknown syntax is skipped, never an error. */
  static List<AuthChallenge> parse(String header) {
    List<AuthChallenge> challenges = new ArrayList<>();
    if (header == null) {
      return challenges;
    }
    Cursor c = new Cursor(header);
    while (true) {
      c.skip(true);
      if (c.atEnd()) {
        return challenges;
      }
      String scheme = c.token();
      if (scheme.isEmpty()) {
        c.pos++;
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      while (true) {
        c.skip(true);
        int mark = c.pos;
        String name = c.token();
        c.skip(false);
        if (name.isEmpty() || !c.at('=')) {
          c.pos = mark;
          break;
        }
        c.pos++;
        c.skip(false);
        String value = c.at('"') ? c.quoted() : c.token();
        params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
      }
      challenges.add(new AuthChallenge(scheme, params));
    }
  }

  private static final class Cursor {
    private final String s;
    private int pos;

    Cursor(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    boolean at(char ch) {
      return pos < s.length() && s.charAt(pos) == ch;
    }

    void skip(boolean commas) {
      while (pos < s.length()) {
        char ch = s.charAt(pos);
        if (ch == ' ' || ch == '\t' || (commas && ch == ',')) {
          pos++;
        } else {
          return;
        }
      }
    }

    String token() {
      int start = pos;
      while (pos < s.length() && isTokenChar(s.charAt(pos))) {
        pos++;
      }
      return s.substring(start, pos);
    }

    String quoted() {
      StringBuilder value = new StringBuilder();
      pos++;
      while (pos < s.length()) {
        char ch = s.charAt(pos++);
        if (ch == '"') {
          return value.toString();
        }
        if (ch == '\\' && pos < s.length()) {
          ch = s.charAt(pos++);
        }
        value.append(ch);
      }
      return value.toString();
    }

    private static boolean isTokenChar(char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(ch) >= 0;
    }
  }
}
