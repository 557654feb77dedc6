package dev.slim.registry;

import java.util.Objects;
import java.util.Set;

/**
 * A registry could not be used. The message names the registry, says what went wrong and what to
 * do, and never contains a password, secret or token.
 */
public final class RegistryException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What kind of failure, so that callers can choose an exit code or a hint. */
  public enum Kind {
    /** No connection: refused, unknown host, timed out, or the registry stayed busy (429/503). */
    UNREACHABLE,
    /** The registry wants credentials, or refused the ones given (401). */
    UNAUTHORIZED,
    /** The credentials are known but may not do this (403). */
    FORBIDDEN,
    /** The repository, manifest or blob does not exist (404). */
    NOT_FOUND,
    /** The TLS handshake failed. */
    TLS,
    /** The registry answered something this client does not understand or did not expect. */
    PROTOCOL,
    /** The Docker config or a credential helper could not give credentials. */
    CREDENTIALS
  }

  private final Kind kind;
  private final Set<String> codes;

  RegistryException(Kind kind, String message) {
    this(kind, message, null);
  }

  RegistryException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, Set.of());
  }

  RegistryException(Kind kind, String message, Throwable cause, Set<String> codes) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.codes = Set.copyOf(codes);
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Whether the registry's error answer carried this code ({@code MANIFEST_BLOB_UNKNOWN}, ...),
   * as the OCI Distribution spec names them.
   */
  public boolean hasCode(String code) {
    return codes.contains(code);
  }

  /** The codes of the registry's error answer, for a message that adds a hint to this one. */
  Set<String> codes() {
    return codes;
  }
}
