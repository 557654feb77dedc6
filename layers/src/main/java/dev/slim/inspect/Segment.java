package dev.slim.inspect;

/** One program header. Offsets and addresses are raw: 64-bit values above 2^63 are negative. */
record Segment(int index, long type, long flags, long offset, long vaddr, long filesz, long memsz) {

  static final long PT_LOAD = 1;
  static final long PT_DYNAMIC = 2;
  static final long PT_INTERP = 3;
  static final long PF_W = 2;

  /** The file offset of a virtual address inside this segment's file image, or -1. */
  long fileOffsetOf(long address) {
    long delta = address - vaddr;
    if (Long.compareUnsigned(address, vaddr) < 0 || Long.compareUnsigned(delta, filesz) >= 0) {
      return -1;
    }
    return offset + delta;
  }

  /** How many bytes of the file image follow a virtual address inside this segment. */
  long fileBytesFrom(long address) {
    return filesz - (address - vaddr);
  }

  String describe() {
    return "segment " + index + " (" + typeName() + ")";
  }

  private String typeName() {
    if (type == PT_LOAD) {
      return "PT_LOAD";
    } else if (type == PT_DYNAMIC) {
      return "PT_DYNAMIC";
    } else if (type == PT_INTERP) {
      return "PT_INTERP";
    } else if (type == 4) {
      return "PT_NOTE";
    } else if (type == 6) {
      return "PT_PHDR";
    } else if (type == 7) {
      return "PT_TLS";
    }
    return "type " + Decode.hex(type);
  }
}
