package dev.slim.inspect;

/**
 * A file that starts like an ELF binary but cannot be one: the message is the complete, user-facing
 * reason, starting with "malformed ELF:" or "truncated ELF:".
 */
final class ElfException extends Exception {

  private static final long serialVersionUID = 1L;

  private ElfException(String message) {
    super(message, null, false, false);
  }

  static ElfException malformed(String detail) {
    return new ElfException("malformed ELF: " + detail);
  }

  /** {@code what} is a phrase with its verb, e.g. "the program headers end". */
  static ElfException truncated(long fileSize, String what, long end) {
    return new ElfException(
        "truncated ELF: the file ends at byte " + fileSize + " but " + what + " at " + end);
  }
}
