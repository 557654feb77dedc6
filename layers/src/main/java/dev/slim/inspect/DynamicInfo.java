package dev.slim.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the loader would need: the PT_INTERP path and the PT_DYNAMIC entries that decide linking
 * (DT_NEEDED, DT_SONAME, DT_FLAGS_1).
 *
 * @param interpreter the PT_INTERP path, or null
 * @param dynamic whether there is a PT_DYNAMIC segment
 * @param soname DT_SONAME, or null
 * @param flags1 DT_FLAGS_1, or null when absent
 */
record DynamicInfo(
    String interpreter, boolean dynamic, List<String> needed, String soname, Long flags1) {

  static final long DF_1_PIE = 0x08000000L;
  static final int MAX_INTERPRETER_BYTES = 4096;
  static final int MAX_DYNAMIC_BYTES = 64 * 1024;
  static final int MAX_NEEDED = 1024;
  static final int MAX_STRING_BYTES = 4096;

  private static final long DT_NULL = 0;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;
  private static final long DT_STRSZ = 10;
  private static final long DT_SONAME = 14;
  private static final long DT_FLAGS_1 = 0x6ffffffbL;

  DynamicInfo {
    needed = List.copyOf(needed);
  }

  boolean pieFlag() {
    return flags1 != null && (flags1 & DF_1_PIE) != 0;
  }

  static DynamicInfo read(ElfFile elf, ByteSource source) throws ElfException, IOException {
    String interpreter = interpreter(elf, source);
    Segment dynamic = elf.segment(Segment.PT_DYNAMIC);
    if (dynamic == null) {
      return new DynamicInfo(interpreter, false, List.of(), null, null);
    }
    boolean big = elf.header().bigEndian();
    boolean is64 = elf.header().is64();
    int entrySize = is64 ? 16 : 8;
    long length = Math.min(dynamic.filesz(), MAX_DYNAMIC_BYTES);
    byte[] entries = length < entrySize
        ? new byte[0]
        : source.read(dynamic.offset(), (int) (length - length % entrySize));

    List<Long> neededOffsets = new ArrayList<>();
    Long strtab = null;
    Long strsz = null;
    Long soname = null;
    Long flags1 = null;
    for (int at = 0; at < entries.length; at += entrySize) {
      long tag = Decode.word(entries, at, big, is64);
      long value = Decode.word(entries, at + entrySize / 2, big, is64);
      if (tag == DT_NULL) {
        break;
      } else if (tag == DT_NEEDED) {
        if (neededOffsets.size() == MAX_NEEDED) {
          throw ElfException.malformed("more than " + MAX_NEEDED + " DT_NEEDED entries");
        }
        neededOffsets.add(value);
      } else if (tag == DT_STRTAB && strtab == null) {
        strtab = value;
      } else if (tag == DT_STRSZ && strsz == null) {
        strsz = value;
      } else if (tag == DT_SONAME && soname == null) {
        soname = value;
      } else if (tag == DT_FLAGS_1 && flags1 == null) {
        flags1 = value;
      }
    }
    if (neededOffsets.isEmpty() && soname == null) {
      return new DynamicInfo(interpreter, true, List.of(), null, flags1);
    }
    StringTable strings = StringTable.locate(elf, source, strtab, strsz);
    List<String> needed = new ArrayList<>();
    for (long offset : neededOffsets) {
      needed.add(strings.get(offset, "DT_NEEDED"));
    }
    String name = soname == null ? null : strings.get(soname, "DT_SONAME");
    return new DynamicInfo(interpreter, true, needed, name, flags1);
  }

  private static String interpreter(ElfFile elf, ByteSource source)
      throws ElfException, IOException {
    Segment interp = elf.segment(Segment.PT_INTERP);
    if (interp == null) {
      return null;
    }
    if (interp.filesz() < 2 || interp.filesz() > MAX_INTERPRETER_BYTES) {
      throw ElfException.malformed("PT_INTERP is " + interp.filesz()
          + " bytes; a loader path takes 2 to " + MAX_INTERPRETER_BYTES);
    }
    byte[] path = source.read(interp.offset(), (int) interp.filesz());
    if (path[path.length - 1] != 0) {
      throw ElfException.malformed("the PT_INTERP path is not NUL-terminated");
    }
    int end = 0;
    while (path[end] != 0) {
      end++;
    }
    if (end == 0) {
      throw ElfException.malformed("the PT_INTERP path is empty");
    }
    return new String(path, 0, end, StandardCharsets.UTF_8);
  }

  /** DT_STRTAB, found through the PT_LOAD segment that holds its address. */
  private record StringTable(ByteSource source, long offset, long size, byte[] head) {

    static StringTable locate(ElfFile elf, ByteSource source, Long address, Long declaredSize)
        throws ElfException, IOException {
      if (address == null) {
        throw ElfException.malformed("it names libraries (DT_NEEDED) but has no DT_STRTAB");
      }
      Segment segment = elf.loadSegmentFor(address);
      if (segment == null) {
        throw ElfException.malformed("DT_STRTAB " + Decode.hex(address)
            + " is not inside any loadable segment");
      }
      long available = segment.fileBytesFrom(address);
      long size = available;
      if (declaredSize != null) {
        if (declaredSize < 0 || declaredSize > available) {
          throw ElfException.malformed("DT_STRSZ " + Long.toUnsignedString(declaredSize)
              + " runs past the end of " + segment.describe() + " (" + available
              + " bytes after DT_STRTAB)");
        }
        size = declaredSize;
      }
      long offset = segment.fileOffsetOf(address);
      byte[] head = source.read(offset, (int) Math.min(size, MAX_DYNAMIC_BYTES));
      return new StringTable(source, offset, size, head);
    }

    String get(long index, String tag) throws ElfException, IOException {
      if (index < 0 || index >= size) {
        throw ElfException.malformed(tag + " name at offset " + Long.toUnsignedString(index)
            + " is outside the string table (" + size + " bytes)");
      }
      byte[] bytes = head;
      int start = (int) Math.min(index, Integer.MAX_VALUE);
      int limit = (int) Math.min(head.length, index + MAX_STRING_BYTES);
      if (index + MAX_STRING_BYTES > head.length && head.length < size) {
        bytes = source.read(offset + index, (int) Math.min(MAX_STRING_BYTES, size - index));
        start = 0;
        limit = bytes.length;
      }
      int end = start;
      while (end < limit && bytes[end] != 0) {
        end++;
      }
      if (end == limit) {
        throw ElfException.malformed(tag + " name at offset " + index
            + " is not NUL-terminated in the string table");
      }
      if (end == start) {
        throw ElfException.malformed(tag + " name at offset " + index + " is empty");
      }
      return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
  }
}
