package dev.slim.inspect;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Tells whether a file is a binary that runs on an empty (scratch) image, without running it and
 * without reading all of it: slim reads the ELF header, the program and section header tables, the
 * interpreter path, the dynamic segment with the strings it names, and a few small sections
 * ({@code .shstrtab}, {@code .go.buildinfo}, {@code .comment}, {@code .ARM.attributes}). Every
 * count, offset and size read from the file is checked against the file's size before it is used,
 * so any input, however corrupt, gives an {@link Inspection}.
 *
 * <h2>Verdicts</h2>
 *
 * <ul>
 *   <li>{@link Kind#STATIC}: ET_EXEC with no PT_INTERP and no DT_NEEDED.
 *   <li>{@link Kind#DYNAMIC}: an executable with a PT_INTERP loader or DT_NEEDED libraries.
 *   <li>{@link Kind#STATIC_PIE}: an ET_DYN executable (see below) with neither.
 *   <li>{@link Kind#SHARED_LIBRARY}: an ET_DYN file that is not an executable.
 *   <li>{@link Kind#REJECTED}: anything else: not ELF, an object file (ET_REL), a core dump
 *       (ET_CORE), or a truncated or malformed file.
 * </ul>
 *
 * <h2>ET_DYN: executable or shared library?</h2>
 *
 * Both position-independent executables and shared libraries are ET_DYN; the kernel runs either
 * (glibc's {@code libc.so.6} and {@code ld.so} print a banner when run), so slim decides from the
 * linker's marks, in this order, and leans towards "library" when they are missing, because
 * wrongly calling a library static-pie would make an image that cannot start:
 *
 * <ol>
 *   <li>e_entry is 0: a library; there is no code to start.
 *   <li>DT_FLAGS_1 has DF_1_PIE: an executable. GNU ld (since 2.26), gold and lld set it for
 *       {@code -pie} and {@code -static-pie} and never for {@code -shared}.
 *   <li>DT_SONAME is set: a library, e.g. {@code libc.so.6}, even though it has a PT_INTERP.
 *   <li>PT_INTERP is set: an executable (a PIE from a linker older than DF_1_PIE).
 *   <li>No PT_DYNAMIC: an executable; a library without a dynamic segment exports nothing, and
 *       there is nothing to relocate.
 *   <li>Otherwise (dynamic segment, entry point, but no mark): a library, e.g. {@code gcc -shared}
 *       output that defines {@code _start}.
 * </ol>
 */
public final class Inspector {

  private Inspector() {}

  /**
   * Inspects a file. Every problem with the file itself (a directory, an empty or unreadable
   * file, not ELF, truncated, corrupt) is a {@link Kind#REJECTED} inspection whose message says
   * what is wrong.
   *
   * @throws NoSuchFileException only when the path does not exist
   */
  public static Inspection inspect(Path file) throws NoSuchFileException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      return Inspection.rejected(file, 0, "cannot read the file: " + reason(e));
    }
    if (attributes.isDirectory()) {
      return Inspection.rejected(file, 0, "a directory, not a binary");
    }
    if (!attributes.isRegularFile()) {
      return Inspection.rejected(file, 0,
          "not a regular file (a device, pipe or socket), so not a binary");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return inspect(channel, channel.size(), file);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      return Inspection.rejected(file, attributes.size(), "cannot read the file: " + reason(e));
    }
  }

  /**
   * Inspects {@code size} bytes of a channel (a file or, in tests, memory) as the file {@code
   * file}. Never throws.
   */
  static Inspection inspect(SeekableByteChannel channel, long size, Path file) {
    return inspect(new ByteSource(channel, size), file);
  }

  static Inspection inspect(ByteSource source, Path file) {
    if (source.size() == 0) {
      return Inspection.rejected(file, 0, "an empty file (0 bytes), not a binary");
    }
    ElfAnalysis analysis = new ElfAnalysis(file, source);
    try {
      return analysis.run();
    } catch (ElfException e) {
      return analysis.rejected(e.getMessage(), null);
    } catch (IOException e) {
      return analysis.rejected("cannot read the file: " + reason(e), null);
    } catch (RuntimeException e) {
      // Safety net only: every value from the file is checked before use, so reaching this is a
      // bug in slim, reported as what it most likely means for the user.
      return analysis.rejected("malformed ELF: slim could not parse it (internal error: " + e
          + ")", null);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }
}
