package dev.slim.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

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
  private static final int CHUNK = 1 << 20;
  private static final int OVERLAP = 32;

  /**
   * Scans a Go binary's bytes once (about 1 ms per MB); other binaries use {@link #NOTHING}.
   *
   * @throws IOException when the file cannot be read
   */
  public static Uses of(Inspection binary) throws IOException {
    if (binary.go() == null) {
      return NOTHING;
    }
    boolean[] found = new boolean[NEEDLES.length];
    try (InputStream in = Files.newInputStream(binary.file())) {
      byte[] buffer = new byte[CHUNK + OVERLAP];
      int kept = 0;
      while (true) {
        int n = in.readNBytes(buffer, kept, CHUNK);
        if (n <= 0) {
          break;
        }
        String text = new String(buffer, 0, kept + n, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < NEEDLES.length; i++) {
          found[i] |= text.contains(NEEDLES[i]);
        }
        kept = Math.min(OVERLAP, kept + n);
        System.arraycopy(buffer, text.length() - kept, buffer, 0, kept);
      }
    }
    return new Uses(found[0], found[1], found[2], found[3]);
  }
}
