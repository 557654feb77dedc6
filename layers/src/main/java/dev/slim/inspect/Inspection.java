package dev.slim.inspect;

import dev.slim.oci.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What slim found out about a file: whether it can run on an empty (scratch) image, for which
 * platform it was built, and what a strip would save.
 *
 * @param fileSize bytes
 * @param format e.g. {@code ELF 64-bit LSB}; null when the file is not ELF
 * @param platform null when unknown; then {@code platformNote} says why (for an ELF file)
 * @param platformNote null, or why the platform is unknown
 * @param interpreter the PT_INTERP loader path, or null
 * @param needed the DT_NEEDED libraries in file order
 * @param stripped whether the file has no {@code .symtab}
 * @param debugBytes bytes in the file of {@code .debug_*} and {@code .zdebug_*} sections
 * @param stripSavingBytes bytes in the file a full strip removes: debug sections, {@code .symtab},
 *     {@code .strtab}
 * @param go the Go build info, or null when the binary is not Go (or it is unreadable)
 * @param message one line: the reason for the verdict
 * @param hint how to make the binary fit a scratch image, or null when it already does (or when
 *     no fix applies)
 * @param stripHint how to strip the binary, or null when it is stripped or rejected
 * @param goBuildId the Go build id ({@code .note.go.buildid}), or null when the binary records
 *     none ({@code -ldflags=-buildid=}) or is not Go
 */
public record Inspection(
    Path file,
    long fileSize,
    Kind kind,
    String format,
    Platform platform,
    String platformNote,
    String interpreter,
    List<String> needed,
    boolean stripped,
    long debugBytes,
    long stripSavingBytes,
    Toolchain toolchain,
    GoBuildInfo go,
    String message,
    String hint,
    String stripHint,
    String goBuildId) {

  public Inspection {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(toolchain, "toolchain");
    Objects.requireNonNull(message, "message");
    needed = List.copyOf(needed);
    if (message.isBlank()) {
      throw new IllegalArgumentException("an inspection needs a message");
    }
    if (fileSize < 0 || debugBytes < 0 || stripSavingBytes < debugBytes) {
      throw new IllegalArgumentException("sizes must satisfy 0 <= debugBytes <= stripSavingBytes"
          + " and fileSize >= 0: " + fileSize + ", " + debugBytes + ", " + stripSavingBytes);
    }
    if (kind != Kind.REJECTED && format == null) {
      throw new IllegalArgumentException("a " + kind.label() + " verdict needs the ELF format");
    }
    if (platform != null && platformNote != null) {
      throw new IllegalArgumentException("a known platform needs no note: " + platformNote);
    }
    if (kind.isStatic() && (interpreter != null || !needed.isEmpty() || hint != null)) {
      throw new IllegalArgumentException(
          "a static binary has no interpreter, no needed libraries and no fix");
    }
    if (stripped && stripHint != null) {
      throw new IllegalArgumentException("a stripped binary needs no strip hint");
    }
    if (goBuildId != null && goBuildId.isEmpty()) {
      goBuildId = null;
    }
  }

  /** An inspection without a Go build id. */
  public Inspection(Path file, long fileSize, Kind kind, String format, Platform platform,
      String platformNote, String interpreter, List<String> needed, boolean stripped,
      long debugBytes, long stripSavingBytes, Toolchain toolchain, GoBuildInfo go, String message,
      String hint, String stripHint) {
    this(file, fileSize, kind, format, platform, platformNote, interpreter, needed, stripped,
        debugBytes, stripSavingBytes, toolchain, go, message, hint, stripHint, null);
  }

  /** Whether the file can run on a scratch image: static or static-pie. */
  public boolean isStatic() {
    return kind.isStatic();
  }

  /** A file that is not a usable binary, with nothing else known about it. */
  static Inspection rejected(Path file, long fileSize, String message) {
    return rejected(file, fileSize, null, null, message, null);
  }

  static Inspection rejected(Path file, long fileSize, String format, Platforms.Guess guess,
      String message, String hint) {
    return new Inspection(file, fileSize, Kind.REJECTED, format,
        guess == null ? null : guess.platform(), guess == null ? null : guess.note(), null,
        List.of(), false, 0, 0, Toolchain.UNKNOWN, null, message, hint, null);
  }
}
