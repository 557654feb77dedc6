package dev.slim.registry;

import java.util.Objects;

/**
 * What to authenticate with: a user name and password, or an identity token (Docker's refresh
 * token, written here as the user name {@value #IDENTITY_TOKEN_USER}, as credential helpers do).
 * {@link #toString()} never shows the secret.
 */
public record Credentials(String username, String secret) {

  /** The user name that marks {@link #secret()} as an identity (OAuth2 refresh) token. */
  public static final String IDENTITY_TOKEN_USER = "<token>";

  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
    if (username.isEmpty()) {
      throw new IllegalArgumentException("username is empty");
    }
    if (username.indexOf(':') >= 0) {
      throw new IllegalArgumentException("username must not contain ':'");
    }
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("password is empty");
    }
  }

  /** Credentials made of an identity token, as {@code docker login} stores for some registries. */
  public static Credentials identityToken(String token) {
    return new Credentials(IDENTITY_TOKEN_USER, token);
  }

  /** Whether {@link #secret()} is an identity token rather than a password. */
  public boolean isIdentityToken() {
    return IDENTITY_TOKEN_USER.equals(username);
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", secret=****]";
  }
}
