package dev.slim.inspect;

/** Fixed-size unsigned integers from a byte array, in either byte order. */
final class Decode {

  private Decode() {}

  static int u8(byte[] bytes, int index) {
    return bytes[index] & 0xff;
  }

  static int u16(byte[] bytes, int index, boolean bigEndian) {
    int a = u8(bytes, index);
    int b = u8(bytes, index + 1);
    return bigEndian ? (a << 8) | b : (b << 8) | a;
  }

  static long u32(byte[] bytes, int index, boolean bigEndian) {
    long a = u16(bytes, index, bigEndian);
    long b = u16(bytes, index + 2, bigEndian);
    return bigEndian ? (a << 16) | b : (b << 16) | a;
  }

  /** All 64 bits; values of 2^63 and more come back negative, which every caller rejects. */
  static long u64(byte[] bytes, int index, boolean bigEndian) {
    long a = u32(bytes, index, bigEndian);
    long b = u32(bytes, index + 4, bigEndian);
    return bigEndian ? (a << 32) | b : (b << 32) | a;
  }

  /** An address or offset: 8 bytes in a 64-bit file, 4 in a 32-bit one. */
  static long word(byte[] bytes, int index, boolean bigEndian, boolean is64) {
    return is64 ? u64(bytes, index, bigEndian) : u32(bytes, index, bigEndian);
  }

  static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  /** Text from the file made safe for a one-line message: control characters become '?'. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || (c >= 0x7f && c < 0xa0) ? '?' : c);
    }
    return out.toString();
  }
}
