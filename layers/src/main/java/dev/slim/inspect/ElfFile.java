package dev.slim.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An ELF file's program headers and section headers, read with a handful of positional reads and
 * checked against the file size: every segment and section that claims bytes in the file has them.
 */
final class ElfFile {

  /** Linux refuses program header tables larger than this (fs/binfmt_elf.c). */
  static final long MAX_PROGRAM_HEADER_BYTES = 65536;
  /** More sections than any executable has; the cap bounds memory on corrupt counts. */
  static final long MAX_SECTIONS = 65536;
  static final int MAX_SHSTRTAB_BYTES = 1 << 20;
  static final int MAX_NAME_LENGTH = 256;
  /**
   * Offsets up to here that run past the end are reported as a truncated file; beyond it the value
   * cannot come from a real file and is reported as malformed.
   */
  static final long TRUNCATION_LIMIT = 1L << 40;

  private static final int PN_XNUM = 0xffff;
  private static final int SHN_XINDEX = 0xffff;

  private final ElfHeader header;
  private final List<Segment> segments;
  private final List<Section> sections;

  private ElfFile(ElfHeader header, List<Segment> segments, List<Section> sections) {
    this.header = header;
    this.segments = List.copyOf(segments);
    this.sections = List.copyOf(sections);
  }

  ElfHeader header() {
    return header;
  }

  List<Segment> segments() {
    return segments;
  }

  /** The sections but the reserved section 0, in file order. */
  List<Section> sections() {
    return sections;
  }

  /** The first section with this name, or null. */
  Section section(String name) {
    for (Section section : sections) {
      if (section.name().equals(name)) {
        return section;
      }
    }
    return null;
  }

  /** The first segment of a type, or null. */
  Segment segment(long type) {
    for (Segment segment : segments) {
      if (segment.type() == type) {
        return segment;
      }
    }
    return null;
  }

  /** The PT_LOAD segment whose file image holds a virtual address, or null. */
  Segment loadSegmentFor(long address) {
    for (Segment segment : segments) {
      if (segment.type() == Segment.PT_LOAD && segment.fileOffsetOf(address) >= 0) {
        return segment;
      }
    }
    return null;
  }

  static ElfFile load(ElfHeader header, ByteSource source) throws ElfException, IOException {
    byte[] section0 = null;
    if (header.phnum() == PN_XNUM
        || (header.shoff() != 0 && (header.shnum() == 0 || header.shstrndx() == SHN_XINDEX))) {
      section0 = sectionZero(header, source);
    }
    List<Segment> segments = segments(header, source, section0);
    List<Section> sections = sections(header, source, section0);
    return new ElfFile(header, segments, sections);
  }

  /**
   * Fails unless {@code [offset, offset + length)} is inside the file: "truncated" when the range
   * could belong to a longer copy of the file, "malformed" when no real file reaches it.
   *
   * @param noun what the range is, e.g. "the program headers"
   */
  static void requireInFile(ByteSource source, String noun, boolean plural, long offset,
      long length) throws ElfException {
    if (source.contains(offset, length)) {
      return;
    }
    if (offset >= 0 && length >= 0 && offset < TRUNCATION_LIMIT && length < TRUNCATION_LIMIT) {
      throw ElfException.truncated(source.size(), noun + (plural ? " end" : " ends"),
          offset + length);
    }
    throw ElfException.malformed(noun + (plural ? " lie" : " lies") + " at offset "
        + Decode.hex(offset) + " with size " + Decode.hex(length)
        + ", beyond the end of the file (" + source.size() + " bytes)");
  }

  private static byte[] sectionZero(ElfHeader header, ByteSource source)
      throws ElfException, IOException {
    if (header.shoff() == 0) {
      throw ElfException.malformed("e_phnum is PN_XNUM (0xffff), but there is no section 0"
          + " to hold the number of program headers");
    }
    requireSectionEntrySize(header);
    requireInFile(source, "section header 0", false, header.shoff(), header.sectionHeaderSize());
    return source.read(header.shoff(), header.sectionHeaderSize());
  }

  private static void requireSectionEntrySize(ElfHeader header) throws ElfException {
    if (header.shentsize() != header.sectionHeaderSize()) {
      throw ElfException.malformed("e_shentsize is " + header.shentsize() + ", expected "
          + header.sectionHeaderSize() + " for a " + (header.is64() ? "64" : "32") + "-bit ELF");
    }
  }

  private static List<Segment> segments(ElfHeader header, ByteSource source, byte[] section0)
      throws ElfException, IOException {
    boolean big = header.bigEndian();
    boolean is64 = header.is64();
    long count = header.phnum();
    if (count == PN_XNUM) {
      count = Decode.u32(section0, is64 ? 44 : 28, big);
    }
    if (count == 0) {
      throw ElfException.malformed(header.phnum() == PN_XNUM
          ? "e_phnum is PN_XNUM but section 0 counts no program headers"
          : "it has no program headers (e_phnum is 0), so nothing to load");
    }
    int entrySize = header.programHeaderSize();
    if (header.phentsize() != entrySize) {
      throw ElfException.malformed("e_phentsize is " + header.phentsize() + ", expected "
          + entrySize + " for a " + (is64 ? "64" : "32") + "-bit ELF");
    }
    if (count * entrySize > MAX_PROGRAM_HEADER_BYTES) {
      throw ElfException.malformed(count + " program headers (e_phnum) is more than Linux loads: "
          + "at most " + MAX_PROGRAM_HEADER_BYTES / entrySize + " of " + entrySize + " bytes");
    }
    int tableBytes = (int) count * entrySize;
    requireInFile(source, "the program headers", true, header.phoff(), tableBytes);
    byte[] table = source.read(header.phoff(), tableBytes);
    List<Segment> segments = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      int at = i * entrySize;
      Segment segment;
      if (is64) {
        segment = new Segment(i, Decode.u32(table, at, big), Decode.u32(table, at + 4, big),
            Decode.u64(table, at + 8, big), Decode.u64(table, at + 16, big),
            Decode.u64(table, at + 32, big), Decode.u64(table, at + 40, big));
      } else {
        segment = new Segment(i, Decode.u32(table, at, big), Decode.u32(table, at + 24, big),
            Decode.u32(table, at + 4, big), Decode.u32(table, at + 8, big),
            Decode.u32(table, at + 16, big), Decode.u32(table, at + 20, big));
      }
      if (segment.filesz() != 0) {
        requireInFile(source, segment.describe(), false, segment.offset(), segment.filesz());
      }
      if (segment.type() == Segment.PT_LOAD
          && Long.compareUnsigned(segment.filesz(), segment.memsz()) > 0) {
        throw ElfException.malformed(segment.describe() + " has p_filesz "
            + Decode.hex(segment.filesz()) + " larger than p_memsz " + Decode.hex(segment.memsz()));
      }
      segments.add(segment);
    }
    return segments;
  }

  private static List<Section> sections(ElfHeader header, ByteSource source, byte[] section0)
      throws ElfException, IOException {
    if (header.shoff() == 0) {
      return List.of();
    }
    requireSectionEntrySize(header);
    boolean big = header.bigEndian();
    boolean is64 = header.is64();
    long count = header.shnum();
    if (count == 0) {
      count = Decode.word(section0, is64 ? 32 : 20, big, is64);
      if (count == 0) {
        return List.of();
      }
    }
    if (count < 0 || count > MAX_SECTIONS) {
      throw ElfException.malformed(Long.toUnsignedString(count)
          + " section headers is more than slim reads (at most " + MAX_SECTIONS + ")");
    }
    int entrySize = header.sectionHeaderSize();
    long tableBytes = count * entrySize;
    requireInFile(source, "the section headers", true, header.shoff(), tableBytes);
    byte[] table = source.read(header.shoff(), (int) tableBytes);

    long names = header.shstrndx();
    if (names == SHN_XINDEX) {
      names = Decode.u32(section0, is64 ? 40 : 24, big);
    }
    if (names >= count) {
      throw ElfException.malformed("e_shstrndx " + names + " is not a section: there are only "
          + count);
    }
    byte[] nameTable = new byte[0];
    if (names != 0) {
      int at = (int) names * entrySize;
      long type = Decode.u32(table, at + 4, big);
      long offset = Decode.word(table, at + (is64 ? 24 : 16), big, is64);
      long size = Decode.word(table, at + (is64 ? 32 : 20), big, is64);
      if (type != Section.SHT_NOBITS && size != 0) {
        requireInFile(source, "the section name table (section " + names + ")", false, offset,
            size);
        if (size > MAX_SHSTRTAB_BYTES) {
          throw ElfException.malformed("the section name table is " + size
              + " bytes, more than slim reads (" + MAX_SHSTRTAB_BYTES + ")");
        }
        nameTable = source.read(offset, (int) size);
      }
    }

    // Section 0 is reserved (SHT_NULL, or the counts of extended numbering): not a section.
    List<Section> sections = new ArrayList<>((int) count);
    for (int i = 1; i < count; i++) {
      int at = i * entrySize;
      long nameOffset = Decode.u32(table, at, big);
      if (nameOffset != 0 && nameOffset >= nameTable.length) {
        throw ElfException.malformed("section " + i + " has its name at offset " + nameOffset
            + ", beyond the section name table (" + nameTable.length + " bytes)");
      }
      Section section;
      String name = name(nameTable, (int) nameOffset);
      if (is64) {
        section = new Section(i, name, Decode.u32(table, at + 4, big),
            Decode.u64(table, at + 8, big), Decode.u64(table, at + 16, big),
            Decode.u64(table, at + 24, big), Decode.u64(table, at + 32, big));
      } else {
        section = new Section(i, name, Decode.u32(table, at + 4, big),
            Decode.u32(table, at + 8, big), Decode.u32(table, at + 12, big),
            Decode.u32(table, at + 16, big), Decode.u32(table, at + 20, big));
      }
      if (section.inFile()) {
        requireInFile(source, section.describe(), false, section.offset(), section.size());
      }
      sections.add(section);
    }
    return sections;
  }

  private static String name(byte[] table, int offset) {
    int end = offset;
    int limit = Math.min(table.length, offset + MAX_NAME_LENGTH);
    while (end < limit && table[end] != 0) {
      end++;
    }
    return new String(table, offset, end - offset, StandardCharsets.ISO_8859_1);
  }
}
