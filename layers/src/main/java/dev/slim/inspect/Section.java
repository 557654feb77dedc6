package dev.slim.inspect;

/** One section header, with its name resolved through {@code .shstrtab} ("" when it has none). */
record Section(int index, String name, long type, long flags, long addr, long offset, long size) {

  static final long SHT_NOBITS = 8;

  /** Whether the section occupies bytes in the file (everything but SHT_NOBITS, e.g. .bss). */
  boolean inFile() {
    return type != SHT_NOBITS && size != 0;
  }

  /** Bytes the section occupies in the file. */
  long fileBytes() {
    return type == SHT_NOBITS ? 0 : size;
  }

  String describe() {
    return "section " + index + (name.isEmpty() ? "" : " (" + Decode.printable(name) + ")");
  }
}
