package dev.slim.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a Go binary's build id, as {@code go tool buildid} shows it: from the ELF note
 * {@code .note.go.buildid} (name {@code "Go"}, type 4), found by its section header or, when the
 * section headers are gone, in a PT_NOTE segment. {@code -ldflags=-buildid=} leaves the note out.
 */
final class GoBuildId {

  private static final long PT_NOTE = 4;
  private static final long NOTE_TYPE_BUILD_ID = 4;
  private static final int MAX_NOTE_BYTES = 4096;
  private static final byte[] NAME = {'G', 'o', 0, 0};

  private GoBuildId() {}

  /** The build id, or null when the binary records none (or an empty one). */
  static String read(ElfFile elf, ByteSource source) throws IOException {
    Section section = elf.section(".note.go.buildid");
    if (section != null) {
      return section.inFile() ? note(elf, source, section.offset(), section.size()) : null;
    }
    if (!elf.sections().isEmpty()) {
      return null;
    }
    for (Segment segment : elf.segments()) {
      if (segment.type() == PT_NOTE) {
        String id = note(elf, source, segment.offset(), segment.filesz());
        if (id != null) {
          return id;
        }
      }
    }
    return null;
  }

  /** Walks the notes in {@code [offset, offset + size)} for the Go build id note. */
  private static String note(ElfFile elf, ByteSource source, long offset, long size)
      throws IOException {
    if (size <= 0 || size > MAX_NOTE_BYTES || !source.contains(offset, size)) {
      return null;
    }
    byte[] bytes = source.read(offset, (int) size);
    boolean big = elf.header().bigEndian();
    int at = 0;
    while (at + 12 <= bytes.length) {
      long nameSize = Decode.u32(bytes, at, big);
      long descSize = Decode.u32(bytes, at + 4, big);
      long type = Decode.u32(bytes, at + 8, big);
      long name = at + 12L;
      long desc = name + align4(nameSize);
      long next = desc + align4(descSize);
      if (next > bytes.length) {
        return null;
      }
      if (type == NOTE_TYPE_BUILD_ID && nameSize == 4 && sameName(bytes, (int) name)) {
        String id = new String(bytes, (int) desc, (int) descSize, StandardCharsets.UTF_8);
        return id.isEmpty() ? null : id;
      }
      at = (int) next;
    }
    return null;
  }

  private static long align4(long n) {
    return (n + 3) & ~3L;
  }

  private static boolean sameName(byte[] bytes, int at) {
    for (int i = 0; i < NAME.length; i++) {
      if (bytes[at + i] != NAME[i]) {
        return false;
      }
    }
    return true;
  }
}
