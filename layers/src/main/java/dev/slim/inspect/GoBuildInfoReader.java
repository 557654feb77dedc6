package dev.slim.inspect;

import dev.slim.inspect.GoBuildInfo.Module;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Go binary's build info the way {@code go version -m} does, from the bytes only.
 *
 * <p>The data starts with a 32-byte header aligned at 16: the 14-byte magic {@code "\xff Go
 * buildinf:"}, the pointer size, and flags. Since Go 1.18 (flag bit 2) the version and the module
 * info follow the header inline as uvarint-length-prefixed strings; before, the header holds two
 * pointers to Go string headers ({@code {data, len}}, byte order from flag bit 1) that are resolved
 * through the PT_LOAD segments. The module info is wrapped in 16-byte sentinels.
 */
final class GoBuildInfoReader {

  static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  static final int HEADER_BYTES = 32;
  static final int ALIGN = 16;
  /** How far into the data slim looks for the header, as Go's own reader does. */
  static final int SEARCH_BYTES = 64 * 1024;
  static final int MAX_STRING_BYTES = 4 << 20;

  private static final int FLAG_BIG_ENDIAN = 1;
  private static final int FLAG_INLINE = 2;

  private final ElfFile elf;
  private final ByteSource source;
  private final long start;
  private final byte[] data;

  private GoBuildInfoReader(ElfFile elf, ByteSource source, long start, byte[] data) {
    this.elf = elf;
    this.source = source;
    this.start = start;
    this.data = data;
  }

  /**
   * The build info from {@code .go.buildinfo}, or, when the file has no section headers, from the
   * start of the first writable PT_LOAD segment; null when there is none or it does not parse.
   */
  static GoBuildInfo read(ElfFile elf, ByteSource source) throws IOException {
    long start;
    long length;
    Section section = elf.section(".go.buildinfo");
    if (section != null) {
      if (!section.inFile()) {
        return null;
      }
      start = section.offset();
      length = section.size();
    } else if (elf.sections().isEmpty()) {
      Segment data = firstWritableLoad(elf);
      if (data == null) {
        return null;
      }
      start = data.offset();
      length = data.filesz();
    } else {
      return null;
    }
    byte[] data = source.read(start, (int) Math.min(length, SEARCH_BYTES));
    return new GoBuildInfoReader(elf, source, start, data).parse();
  }

  private static Segment firstWritableLoad(ElfFile elf) {
    for (Segment segment : elf.segments()) {
      if (segment.type() == Segment.PT_LOAD && (segment.flags() & Segment.PF_W) != 0
          && segment.filesz() > 0) {
        return segment;
      }
    }
    return null;
  }

  private GoBuildInfo parse() throws IOException {
    int at = findMagic(data);
    if (at < 0) {
      return null;
    }
    int pointerSize = Decode.u8(data, at + MAGIC.length);
    int flags = Decode.u8(data, at + MAGIC.length + 1);
    byte[] version;
    byte[] modinfo;
    if ((flags & FLAG_INLINE) != 0) {
      long[] position = {start + at + HEADER_BYTES};
      version = inlineString(position);
      modinfo = version == null ? null : inlineString(position);
    } else {
      if (pointerSize != 4 && pointerSize != 8) {
        return null;
      }
      boolean big = (flags & FLAG_BIG_ENDIAN) != 0;
      boolean is64 = pointerSize == 8;
      version = pointedString(Decode.word(data, at + 16, big, is64), pointerSize, big);
      modinfo = pointedString(Decode.word(data, at + 16 + pointerSize, big, is64), pointerSize,
          big);
    }
    if (version == null || modinfo == null || version.length == 0) {
      return null;
    }
    return parseModInfo(new String(version, StandardCharsets.UTF_8), unwrap(modinfo));
  }

  static int findMagic(byte[] data) {
    for (int at = 0; at + HEADER_BYTES <= data.length; at += ALIGN) {
      if (Arrays.equals(data, at, at + MAGIC.length, MAGIC, 0, MAGIC.length)) {
        return at;
      }
    }
    return -1;
  }

  /** Reads a uvarint length and that many bytes at {@code position[0]}, advancing it; or null. */
  private byte[] inlineString(long[] position) throws IOException {
    byte[] varint = bytesAt(position[0], (int) Math.min(10, source.size() - position[0]));
    if (varint == null) {
      return null;
    }
    long length = 0;
    int shift = 0;
    int used = 0;
    while (true) {
      if (used == varint.length || shift > 63) {
        return null;
      }
      int b = varint[used++] & 0xff;
      length |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        break;
      }
      shift += 7;
    }
    if (length < 0 || length > MAX_STRING_BYTES) {
      return null;
    }
    byte[] bytes = bytesAt(position[0] + used, (int) length);
    position[0] += used + length;
    return bytes;
  }

  /** Resolves a pointer to a Go string header {data, len} through the PT_LOAD segments. */
  private byte[] pointedString(long address, int pointerSize, boolean big) throws IOException {
    Segment segment = elf.loadSegmentFor(address);
    if (segment == null || segment.fileBytesFrom(address) < 2L * pointerSize) {
      return null;
    }
    byte[] header = bytesAt(segment.fileOffsetOf(address), 2 * pointerSize);
    if (header == null) {
      return null;
    }
    boolean is64 = pointerSize == 8;
    long pointer = Decode.word(header, 0, big, is64);
    long length = Decode.word(header, pointerSize, big, is64);
    if (length < 0 || length > MAX_STRING_BYTES) {
      return null;
    }
    if (length == 0) {
      return new byte[0];
    }
    Segment target = elf.loadSegmentFor(pointer);
    if (target == null || target.fileBytesFrom(pointer) < length) {
      return null;
    }
    return bytesAt(target.fileOffsetOf(pointer), (int) length);
  }

  /** Bytes at a file offset, from the data already read when it holds them; null if outside. */
  private byte[] bytesAt(long offset, int length) throws IOException {
    if (length < 0) {
      return null;
    }
    long relative = offset - start;
    if (relative >= 0 && relative <= data.length - length) {
      return Arrays.copyOfRange(data, (int) relative, (int) relative + length);
    }
    return source.contains(offset, length) ? source.read(offset, length) : null;
  }

  /** Strips the 16-byte sentinels around the module info, as Go's debug/buildinfo does. */
  static String unwrap(byte[] modinfo) {
    int n = modinfo.length;
    if (n >= 33 && modinfo[n - 17] == '\n') {
      return new String(modinfo, 16, n - 32, StandardCharsets.UTF_8);
    }
    return "";
  }

  /** Parses the unwrapped module info text ({@code path}, {@code mod}, {@code dep}, ...). */
  static GoBuildInfo parseModInfo(String goVersion, String modinfo) {
    String path = null;
    Module main = null;
    List<Module> deps = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>();
    boolean lastIsDep = false;
    for (String line : modinfo.split("\n", -1)) {
      if (line.startsWith("path\t")) {
        path = line.substring(5);
      } else if (line.startsWith("mod\t")) {
        main = module(line.substring(4));
        lastIsDep = false;
      } else if (line.startsWith("dep\t")) {
        Module dep = module(line.substring(4));
        if (dep != null) {
          deps.add(dep);
          lastIsDep = true;
        }
      } else if (line.startsWith("=>\t")) {
        Module replacement = module(line.substring(3));
        if (replacement == null) {
          continue;
        }
        if (lastIsDep) {
          int last = deps.size() - 1;
          deps.set(last, deps.get(last).replacedBy(replacement));
        } else if (main != null) {
          main = main.replacedBy(replacement);
        }
      } else if (line.startsWith("build\t")) {
        setting(line.substring(6), settings);
      }
    }
    return new GoBuildInfo(goVersion, path, main, deps, settings);
  }

  private static Module module(String fields) {
    String[] parts = fields.split("\t", -1);
    if (parts[0].isBlank()) {
      return null;
    }
    return new Module(parts[0], parts.length > 1 ? parts[1] : null,
        parts.length > 2 ? parts[2] : null, null);
  }

  /** {@code key=value}, either side possibly Go-quoted, as {@code debug.BuildInfo} writes it. */
  private static void setting(String text, Map<String, String> settings) {
    String key;
    String rest;
    if (text.startsWith("\"")) {
      int end = quotedPrefixEnd(text);
      if (end < 0) {
        return;
      }
      key = unquote(text.substring(0, end));
      rest = text.substring(end);
      if (key == null || !rest.startsWith("=")) {
        return;
      }
      rest = rest.substring(1);
    } else {
      int equals = text.indexOf('=');
      if (equals < 0) {
        return;
      }
      key = text.substring(0, equals);
      rest = text.substring(equals + 1);
    }
    if (key.isEmpty()) {
      return;
    }
    String value = rest;
    if (rest.startsWith("\"")) {
      value = unquote(rest);
      if (value == null) {
        value = rest;
      }
    }
    settings.put(key, value);
  }

  /** The index after the closing quote of the quoted string at the start of text, or -1. */
  private static int quotedPrefixEnd(String text) {
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Go's {@code strconv.Unquote} for a double-quoted string literal; null when it is not one. */
  static String unquote(String literal) {
    int n = literal.length();
    if (n < 2 || literal.charAt(0) != '"' || literal.charAt(n - 1) != '"') {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(n);
    int i = 1;
    while (i < n - 1) {
      int c = literal.codePointAt(i);
      if (c == '"' || c == '\n') {
        return null;
      }
      if (c != '\\') {
        out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c);
        continue;
      }
      if (i + 1 >= n - 1) {
        return null;
      }
      char e = literal.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(11);
        case '\\' -> out.write('\\');
        case '"' -> out.write('"');
        case 'x', 'u', 'U' -> {
          int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + digits > n - 1) {
            return null;
          }
          long value = 0;
          for (int k = 0; k < digits; k++) {
            int d = Character.digit(literal.charAt(i + k), 16);
            if (d < 0) {
              return null;
            }
            value = value * 16 + d;
          }
          i += digits;
          if (e == 'x') {
            out.write((int) value);
          } else if (value > Character.MAX_CODE_POINT || (value >= 0xd800 && value < 0xe000)) {
            return null;
          } else {
            out.writeBytes(new String(Character.toChars((int) value))
                .getBytes(StandardCharsets.UTF_8));
          }
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > n - 1) {
            return null;
          }
          int value = e - '0';
          for (int k = 0; k < 2; k++) {
            int d = literal.charAt(i + k) - '0';
            if (d < 0 || d > 7) {
              return null;
            }
            value = value * 8 + d;
          }
          if (value > 255) {
            return null;
          }
          i += 2;
          out.write(value);
        }
        default -> {
          return null;
        }
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
