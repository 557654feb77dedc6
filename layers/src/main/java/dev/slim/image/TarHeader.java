package dev.slim.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One tar header block, read: ustar name and prefix, type, size (octal or base-256) and link
 * target. slim reads tars it did not write (layers of base images, {@code docker save} archives),
 * so GNU long names ({@code L}) and pax {@code path} records are resolved by {@link #longName}.
 *
 * @param name the entry's path as stored (prefix joined), before any long-name record
 * @param type the typeflag: {@code '0'} file, {@code '5'} directory, {@code '2'} symlink, ...
 */
public record TarHeader(String name, char type, long size, String linkName) {

  public static final int BLOCK = 512;

  /** Whether the entry carries the next entry's long name (GNU {@code L} or pax {@code x}). */
  public boolean isLongName() {
    return type == 'L' || type == 'x';
  }

  /** Whether the entry is a regular file. */
  public boolean isFile() {
    return type == '0' || type == '\0' || type == '7';
  }

  /** Bytes the entry's data takes in the archive, padded to whole blocks. */
  public long paddedSize() {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  /**
   * Parses a header block; null for a zero block (the end of the archive).
   *
   * @throws IOException when the block is not a tar header
   */
  public static TarHeader parse(byte[] block) throws IOException {
    if (block.length < BLOCK) {
      throw new IOException("tar header block is short");
    }
    if (block[0] == 0) {
      return null;
    }
    String name = text(block, 0, 100);
    String prefix = text(block, 345, 155);
    if (!prefix.isEmpty() && text(block, 257, 5).equals("ustar")) {
      name = prefix + "/" + name;
    }
    long size = number(block, 124, 12);
    if (size < 0) {
      throw new IOException("not a tar archive: bad size in the header of " + name);
    }
    return new TarHeader(name, (char) block[156], size, text(block, 157, 100));
  }

  /** The name a GNU {@code L} or pax {@code x} entry's data gives the next entry, or null. */
  public String longName(byte[] data) {
    String body = new String(data, 0, (int) Math.min(size, data.length), StandardCharsets.UTF_8);
    if (type == 'L') {
      return body.replace("\0", "");
    }
    String path = null;
    for (String record : body.split("\n")) {
      int at = record.indexOf(" path=");
      if (at >= 0) {
        path = record.substring(at + " path=".length());
      }
    }
    return path;
  }

  private static String text(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  /** Octal, or GNU base-256 when the high bit is set; -1 when neither. */
  private static long number(byte[] b, int off, int len) {
    if ((b[off] & 0x80) != 0) {
      long v = 0;
      for (int i = off + 1; i < off + len; i++) {
        v = (v << 8) | (b[i] & 0xff);
      }
      return v;
    }
    String s = text(b, off, len).trim();
    try {
      return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
