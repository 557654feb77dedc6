package dev.slim.inspect;

import java.nio.charset.StandardCharsets;

/** Names what a file is when it does not start with the ELF magic. */
final class NonElf {

  static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
  /** Linux reads at most this much of a #! line (BINPRM_BUF_SIZE). */
  static final int MAX_SHEBANG = 256;
  /** The lowest Java class file major version (JDK 1.1); fat Mach-O counts are far below it. */
  private static final long FIRST_CLASS_FILE_MAJOR = 45;

  private NonElf() {}

  /**
   * Why the file is not an ELF binary, or null when it starts with the ELF magic (or is a prefix
   * of it, which the ELF reader reports as truncated).
   *
   * @param head the first bytes of a non-empty file
   */
  static String reason(byte[] head) {
    if (startsWithElfMagic(head)) {
      return null;
    }
    if (startsWith(head, '#', '!')) {
      return script(head);
    }
    if (startsWith(head, 'M', 'Z')) {
      return "a Windows PE executable; slim needs a Linux ELF binary (GOOS=linux)";
    }
    long magic = head.length >= 4 ? Decode.u32(head, 0, true) : -1;
    if (magic == 0xfeedfaceL || magic == 0xfeedfacfL || magic == 0xcefaedfeL
        || magic == 0xcffaedfeL || magic == 0xcafebabfL) {
      return macho();
    }
    if (magic == 0xcafebabeL) {
      boolean classFile = head.length >= 8 && Decode.u32(head, 4, true) >= FIRST_CLASS_FILE_MAJOR;
      return classFile
          ? "a Java class file, not a native binary; slim needs a Linux ELF binary"
          : macho();
    }
    if (startsWith(head, 'P', 'K', 3, 4)) {
      return "a zip archive (a jar?), not a binary; slim needs a Linux ELF binary";
    }
    if (startsWith(head, 0, 'a', 's', 'm')) {
      return "a WebAssembly module, not a Linux binary; slim needs a Linux ELF binary";
    }
    if (isText(head)) {
      return "a text file, not a binary; slim needs a Linux ELF binary";
    }
    StringBuilder bytes = new StringBuilder();
    for (int i = 0; i < Math.min(4, head.length); i++) {
      bytes.append(i == 0 ? "" : " ").append(String.format("%02x", head[i] & 0xff));
    }
    return "not an ELF binary: it starts with " + bytes + " where an ELF file has 7f 45 4c 46";
  }

  private static String macho() {
    return "a macOS Mach-O binary; build for Linux, e.g. GOOS=linux";
  }

  private static String script(byte[] head) {
    int end = 2;
    int limit = Math.min(head.length, MAX_SHEBANG);
    while (end < limit && head[end] != '\n') {
      end++;
    }
    String line = new String(head, 2, end - 2, StandardCharsets.UTF_8).strip();
    if (line.isEmpty()) {
      return "a script, not a binary: its #! line names no interpreter, and a scratch image"
          + " has none";
    }
    return "a script, not a binary: it needs the interpreter " + Decode.printable(line)
        + ", which a scratch image does not have";
  }

  private static boolean startsWithElfMagic(byte[] head) {
    int n = Math.min(head.length, ELF_MAGIC.length);
    for (int i = 0; i < n; i++) {
      if (head[i] != ELF_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] head, int... prefix) {
    if (head.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((head[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** No NUL and no control characters but tab, CR, LF and form feed: text, not machine code. */
  private static boolean isText(byte[] head) {
    for (byte b : head) {
      int c = b & 0xff;
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
