package dev.slim.inspect;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;

/**
 * What a Go binary uses at run time that an empty image lacks, found from the function names the
 * Go linker keeps (in {@code .gopclntab}, even in a stripped binary): the linker drops every
 * function the program cannot call, so a name present means the code is in.
 *
 * @param certificates links {@code crypto/x509} (TLS clients verify against the system roots)
 * @param embeddedRoots links {@code golang.org/x/crypto/x509roots/fallback} (brings its own roots)
 * @param timeZones calls {@code time.LoadLocation} (reads {@code /usr/share/zoneinfo})
 * @param embeddedTzdata links {@code time/tzdata} (brings its own zone database)
 */
public record Uses(
    boolean certificates, boolean embeddedRoots, boolean timeZones, boolean embeddedTzdata) {

  public static final Uses NOTHING = new Uses(false, false, false, false);

  private static final String[] NEEDLES = {
    "crypto/x509.", "x509roots/fallback", "time.LoadLocation", "time/tzdata."
  };
  /** The section that holds the function names: internal linking, and PIE (relro) builds. */
  private static final String[] NAME_SECTIONS = {".gopclntab", ".data.rel.ro.gopclntab"};
  static final int CHUNK = 1 << 20;
  private static final int OVERLAP = 32;

  /**
   * Scans a Go binary's function-name table (a tenth of a typical binary; the whole file when
   * its section headers are gone); other binaries use {@link #NOTHING}.
   *
   * @throws IOException when the file cannot be read
   */
  public static Uses of(Inspection binary) throws IOException {
    if (binary.go() == null) {
      return NOTHING;
    }
    try (FileChannel channel = FileChannel.open(binary.file(), StandardOpenOption.READ)) {
      ByteSource source = new ByteSource(channel, channel.size());
      Section names = nameSection(source);
      return names == null ? scan(source, 0, source.size())
          : scan(source, names.offset(), names.size());
    }
  }

  /** The function-name section, or null when the file has no such section header. */
  private static Section nameSection(ByteSource source) throws IOException {
    try {
      ElfHeader header =
          ElfHeader.parse(source.readUpTo(0, ElfAnalysis.HEAD_BYTES), source.size());
      ElfFile elf = ElfFile.load(header, source);
      for (String name : NAME_SECTIONS) {
        Section section = elf.section(name);
        if (section != null && section.inFile()
            && source.contains(section.offset(), section.size())) {
          return section;
        }
      }
      return null;
    } catch (ElfException e) {
      return null;
    }
  }

  /** Looks for the names in {@code [offset, offset + length)}, a chunk at a time. */
  static Uses scan(ByteSource source, long offset, long length) throws IOException {
    boolean[] found = new boolean[NEEDLES.length];
    long end = offset + length;
    long at = offset;
    String kept = "";
    while (at < end) {
      int n = (int) Math.min(CHUNK, end - at);
      String text = kept + new String(source.read(at, n), StandardCharsets.ISO_8859_1);
      for (int i = 0; i < NEEDLES.length; i++) {
        found[i] |= text.contains(NEEDLES[i]);
      }
      kept = text.substring(Math.max(0, text.length() - OVERLAP));
      at += n;
    }
    return new Uses(found[0], found[1], found[2], found[3]);
  }
}
