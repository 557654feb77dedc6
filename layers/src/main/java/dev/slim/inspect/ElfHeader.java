package dev.slim.inspect;

/** The fields of the ELF file header ({@code Elf32_Ehdr}/{@code Elf64_Ehdr}) that slim uses. */
record ElfHeader(
    boolean is64,
    boolean bigEndian,
    int osAbi,
    int type,
    int machine,
    long flags,
    long entry,
    long phoff,
    long shoff,
    int phentsize,
    int phnum,
    int shentsize,
    int shnum,
    int shstrndx) {

  static final int ET_NONE = 0;
  static final int ET_REL = 1;
  static final int ET_EXEC = 2;
  static final int ET_DYN = 3;
  static final int ET_CORE = 4;

  static final int EI_NIDENT = 16;
  static final int SIZE_32 = 52;
  static final int SIZE_64 = 64;

  /**
   * Parses the header from the first bytes of the file (at least {@link #EI_NIDENT} of which start
   * with the ELF magic, or fewer when the file is that short).
   */
  static ElfHeader parse(byte[] head, long fileSize) throws ElfException {
    if (head.length < 6) {
      int needed = head.length >= 5 && head[4] == 1 ? SIZE_32 : SIZE_64;
      throw ElfException.truncated(fileSize, "the ELF header ends", needed);
    }
    int elfClass = Decode.u8(head, 4);
    int data = Decode.u8(head, 5);
    if (elfClass != 1 && elfClass != 2) {
      throw ElfException.malformed(
          "EI_CLASS is " + elfClass + ", neither 1 (32-bit) nor 2 (64-bit)");
    }
    if (data != 1 && data != 2) {
      throw ElfException.malformed(
          "EI_DATA is " + data + ", neither 1 (little-endian) nor 2 (big-endian)");
    }
    boolean is64 = elfClass == 2;
    boolean big = data == 2;
    int size = is64 ? SIZE_64 : SIZE_32;
    if (head.length < size) {
      throw ElfException.truncated(fileSize, "the ELF header ends", size);
    }
    int osAbi = Decode.u8(head, 7);
    int type = Decode.u16(head, 16, big);
    int machine = Decode.u16(head, 18, big);
    long entry = Decode.word(head, 24, big, is64);
    int at = is64 ? 32 : 28;
    int word = is64 ? 8 : 4;
    long phoff = Decode.word(head, at, big, is64);
    long shoff = Decode.word(head, at + word, big, is64);
    at += 2 * word;
    long flags = Decode.u32(head, at, big);
    return new ElfHeader(is64, big, osAbi, type, machine, flags, entry, phoff, shoff,
        Decode.u16(head, at + 6, big), Decode.u16(head, at + 8, big),
        Decode.u16(head, at + 10, big), Decode.u16(head, at + 12, big),
        Decode.u16(head, at + 14, big));
  }

  /** {@code ELF 64-bit LSB}, the way file(1) starts its description. */
  String format() {
    return "ELF " + (is64 ? "64" : "32") + "-bit " + (bigEndian ? "MSB" : "LSB");
  }

  int programHeaderSize() {
    return is64 ? 56 : 32;
  }

  int sectionHeaderSize() {
    return is64 ? 64 : 40;
  }
}
