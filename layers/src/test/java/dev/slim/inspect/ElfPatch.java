package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/**
 * Byte surgery on a copy of a 64-bit little-endian fixture, written independently of the code under
 * test (fixed ELF64 offsets), to make inputs the fixtures do not cover.
 */
final class ElfPatch {

  static final int E_TYPE = 16;
  static final int E_MACHINE = 18;
  static final int E_ENTRY = 24;
  static final int E_PHOFF = 32;
  static final int E_SHOFF = 40;
  static final int E_PHENTSIZE = 54;
  static final int E_PHNUM = 56;
  static final int E_SHNUM = 60;
  static final int E_SHSTRNDX = 62;
  static final int EI_OSABI = 7;

  static final long PT_DYNAMIC = 2;
  static final long PT_INTERP = 3;
  static final long DT_NEEDED = 1;
  static final long DT_STRTAB = 5;
  static final long DT_FLAGS_1 = 0x6ffffffbL;

  final byte[] bytes;

  ElfPatch(byte[] original) {
    this.bytes = original.clone();
    assertThat(bytes[4]).as("ELFCLASS64").isEqualTo((byte) 2);
    assertThat(bytes[5]).as("little-endian").isEqualTo((byte) 1);
  }

  static ElfPatch of(String fixture) {
    return new ElfPatch(Fixtures.bytes(fixture));
  }

  long u16(int at) {
    return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
  }

  long u32(int at) {
    return u16(at) | u16(at + 2) << 16;
  }

  long u64(int at) {
    return u32(at) | u32(at + 4) << 32;
  }

  ElfPatch put16(int at, long value) {
    bytes[at] = (byte) value;
    bytes[at + 1] = (byte) (value >>> 8);
    return this;
  }

  ElfPatch put32(int at, long value) {
    return put16(at, value).put16(at + 2, value >>> 16);
  }

  ElfPatch put64(int at, long value) {
    return put32(at, value).put32(at + 4, value >>> 32);
  }

  /** File offset of the first program header of a type. */
  int programHeader(long type) {
    int phoff = (int) u64(E_PHOFF);
    for (int i = 0; i < u16(E_PHNUM); i++) {
      int at = phoff + i * 56;
      if (u32(at) == type) {
        return at;
      }
    }
    throw new AssertionError("no program header of type " + type);
  }

  /** File offset of the first dynamic entry with a tag (its value is 8 bytes further). */
  int dynamicEntry(long tag) {
    int dynamic = programHeader(PT_DYNAMIC);
    int offset = (int) u64(dynamic + 8);
    int size = (int) u64(dynamic + 32);
    for (int at = offset; at < offset + size; at += 16) {
      if (u64(at) == tag) {
        return at;
      }
    }
    throw new AssertionError("no dynamic entry with tag " + tag);
  }

  /** File offset of the section header with a name. */
  int sectionHeader(String name) {
    int shoff = (int) u64(E_SHOFF);
    int names = (int) u64(shoff + (int) u16(E_SHSTRNDX) * 64 + 24);
    for (int i = 0; i < u16(E_SHNUM); i++) {
      int at = shoff + i * 64;
      if (cString(names + (int) u32(at)).equals(name)) {
        return at;
      }
    }
    throw new AssertionError("no section " + name);
  }

  int sectionOffset(String name) {
    return (int) u64(sectionHeader(name) + 24);
  }

  long sectionSize(String name) {
    return u64(sectionHeader(name) + 32);
  }

  /** Renames a section in place; the new name must not be longer. */
  ElfPatch renameSection(String from, String to) {
    assertThat(to.length()).isLessThanOrEqualTo(from.length());
    int shoff = (int) u64(E_SHOFF);
    int names = (int) u64(shoff + (int) u16(E_SHSTRNDX) * 64 + 24);
    int at = names + (int) u32(sectionHeader(from));
    byte[] name = to.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, bytes, at, name.length);
    bytes[at + name.length] = 0;
    return this;
  }

  /** Replaces the only occurrence of a text, padding with NULs to the same length. */
  ElfPatch replaceText(String from, String to) {
    assertThat(to.length()).isLessThanOrEqualTo(from.length());
    Fixtures.replaceOnce(bytes, from, to + "\0".repeat(from.length() - to.length()));
    return this;
  }

  String cString(int at) {
    int end = at;
    while (bytes[end] != 0) {
      end++;
    }
    return new String(bytes, at, end - at, StandardCharsets.ISO_8859_1);
  }

  Inspection inspect() {
    return Fixtures.inspect(bytes, "patched");
  }
}
