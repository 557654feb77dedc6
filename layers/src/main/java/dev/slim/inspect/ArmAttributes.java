package dev.slim.inspect;

/**
 * The OCI variant of a 32-bit ARM binary from its {@code .ARM.attributes} section (the "aeabi"
 * build attributes' Tag_CPU_arch), as the ARM ABI addenda lay them out: a format byte 'A', then
 * length-prefixed vendor subsections, each holding tagged sub-subsections of ULEB128-tagged
 * attributes.
 */
final class ArmAttributes {

  static final int MAX_BYTES = 64 * 1024;

  private static final int TAG_FILE = 1;
  private static final int TAG_CPU_RAW_NAME = 4;
  private static final int TAG_CPU_NAME = 5;
  private static final int TAG_CPU_ARCH = 6;
  private static final int TAG_COMPATIBILITY = 32;
  private static final int TAG_CONFORMANCE = 67;

  private final byte[] bytes;
  private final boolean bigEndian;
  private int position;

  private ArmAttributes(byte[] bytes, boolean bigEndian) {
    this.bytes = bytes;
    this.bigEndian = bigEndian;
  }

  /** {@code v5}, {@code v6}, {@code v7} or {@code v8}; null when the attributes do not say. */
  static String variant(byte[] bytes, boolean bigEndian) {
    if (bytes.length == 0 || bytes[0] != 'A') {
      return null;
    }
    Integer arch = new ArmAttributes(bytes, bigEndian).cpuArch();
    return arch == null ? null : variantOf(arch);
  }

  /** Maps Tag_CPU_arch to the OCI variant. */
  static String variantOf(int cpuArch) {
    if (cpuArch >= 3 && cpuArch <= 5) {
      return "v5"; // v5T, v5TE, v5TEJ
    } else if ((cpuArch >= 6 && cpuArch <= 9) || cpuArch == 11 || cpuArch == 12) {
      return "v6"; // v6, v6KZ, v6T2, v6K, v6-M, v6S-M
    } else if (cpuArch == 10 || cpuArch == 13) {
      return "v7"; // v7, v7E-M
    } else if (cpuArch >= 14 && cpuArch <= 22) {
      return "v8"; // v8-A, v8-R, v8-M, v8.x-A, v9-A: 32-bit code on an Armv8 core
    }
    return null;
  }

  private Integer cpuArch() {
    position = 1;
    while (bytes.length - position >= 4) {
      int sectionStart = position;
      long length = Decode.u32(bytes, position, bigEndian);
      if (length < 4 || length > bytes.length - sectionStart) {
        return null;
      }
      int sectionEnd = (int) (sectionStart + length);
      position += 4;
      int vendorStart = position;
      while (position < sectionEnd && bytes[position] != 0) {
        position++;
      }
      boolean aeabi = "aeabi".equals(new String(bytes, vendorStart, position - vendorStart,
          java.nio.charset.StandardCharsets.ISO_8859_1));
      position++;
      while (aeabi && position < sectionEnd) {
        int subStart = position;
        long tag = uleb(sectionEnd);
        if (tag < 0 || sectionEnd - position < 4) {
          return null;
        }
        long size = Decode.u32(bytes, position, bigEndian);
        if (size < 5 || size > sectionEnd - subStart) {
          return null;
        }
        int subEnd = (int) (subStart + size);
        position += 4;
        if (tag == TAG_FILE) {
          Integer arch = fileAttributes(subEnd);
          if (arch != null) {
            return arch;
          }
        }
        position = subEnd;
      }
      position = sectionEnd;
    }
    return null;
  }

  private Integer fileAttributes(int end) {
    while (position < end) {
      long tag = uleb(end);
      if (tag < 0) {
        return null;
      }
      if (tag == TAG_CPU_ARCH) {
        long value = uleb(end);
        return value < 0 || value > Integer.MAX_VALUE ? null : (int) value;
      } else if (tag == TAG_CPU_RAW_NAME || tag == TAG_CPU_NAME || tag == TAG_CONFORMANCE) {
        skipString(end);
      } else if (tag == TAG_COMPATIBILITY) {
        uleb(end);
        skipString(end);
      } else if (tag < 32 || tag % 2 == 0) {
        uleb(end);
      } else {
        skipString(end);
      }
    }
    return null;
  }

  /** An unsigned LEB128 value, or -1 when it runs past {@code end} or overflows. */
  private long uleb(int end) {
    long value = 0;
    for (int shift = 0; position < end && shift < 63; shift += 7) {
      int b = bytes[position++] & 0xff;
      value |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        return value;
      }
    }
    position = end;
    return -1;
  }

  private void skipString(int end) {
    while (position < end && bytes[position] != 0) {
      position++;
    }
    position++;
  }
}
