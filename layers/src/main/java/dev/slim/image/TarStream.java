package dev.slim.image;

import dev.slim.plan.LayerEntry;
import dev.slim.plan.LayerPlan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A layer's uncompressed tar, produced as a stream. Every header field is fixed by the plan: ustar
 * format, sorted entries, the plan's modes and owners, empty user and group names and one time for
 * all entries. Nothing of the build machine (umask, owner, mtime) reaches the bytes.
 */
final class TarStream {

  private static final int BLOCK = 512;
  private static final long MAX_SIZE = 077777777777L;

  private TarStream() {}

  /** Opens the tar of a layer; files are read lazily as the stream is consumed. */
  static InputStream open(LayerPlan layer, Instant time) throws IOException {
    long mtime = Math.max(0, time.getEpochSecond());
    List<InputStream> parts = new ArrayList<>();
    for (LayerEntry entry : layer.entries()) {
      String name = entry.path().substring(1);
      if (entry.type() == LayerEntry.Type.DIRECTORY) {
        parts.add(new ByteArrayInputStream(header(name + "/", entry, 0, mtime)));
      } else {
        long size = Files.size(entry.source());
        if (size > MAX_SIZE) {
          throw new IOException(entry.source() + " is larger than a tar entry can hold (8 GiB)");
        }
        parts.add(new ByteArrayInputStream(header(name, entry, size, mtime)));
        parts.add(new ExactLengthStream(entry, size));
        int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
        parts.add(new ByteArrayInputStream(new byte[pad]));
      }
    }
    parts.add(new ByteArrayInputStream(new byte[2 * BLOCK]));
    return new SequenceInputStream(Collections.enumeration(parts));
  }

  private static byte[] header(String name, LayerEntry entry, long size, long mtime)
      throws IOException {
    boolean dir = entry.type() == LayerEntry.Type.DIRECTORY;
    return header(name, entry.mode(), entry.uid(), entry.gid(), size, mtime, dir ? '5' : '0');
  }

  /** One ustar header block; long names are split into prefix and name. */
  static byte[] header(String name, int mode, int uid, int gid, long size, long mtime, char type)
      throws IOException {
    byte[] h = new byte[BLOCK];
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    String prefix = "";
    if (nameBytes.length > 100) {
      int split = name.lastIndexOf('/', name.length() - 2);
      // the prefix is counted in bytes, as the header holds it, so that a non-ASCII prefix cannot
      // run past its field
      while (split > 0
          && (name.substring(0, split).getBytes(StandardCharsets.UTF_8).length > 155
              || name.substring(split + 1).getBytes(StandardCharsets.UTF_8).length > 100)) {
        split = name.substring(split + 1).getBytes(StandardCharsets.UTF_8).length > 100 ? -1
            : name.lastIndexOf('/', split - 1);
      }
      if (split <= 0) {
        throw new IOException("path too long for a tar entry: /" + name);
      }
      prefix = name.substring(0, split);
      nameBytes = name.substring(split + 1).getBytes(StandardCharsets.UTF_8);
    }
    System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
    octal(h, 100, 8, mode);
    octal(h, 108, 8, uid);
    octal(h, 116, 8, gid);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    h[156] = (byte) type;
    ascii(h, 257, "ustar\0");
    ascii(h, 263, "00");
    octal(h, 329, 8, 0);
    octal(h, 337, 8, 0);
    byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(prefixBytes, 0, h, 345, prefixBytes.length);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    h[155] = ' ';
    return h;
  }

  /** Writes {@code value} as zero-padded octal in {@code width - 1} digits and a NUL. */
  private static void octal(byte[] h, int offset, int width, long value) {
    String digits = Long.toOctalString(value);
    int pad = width - 1 - digits.length();
    if (pad < 0) {
      throw new IllegalArgumentException("value too large for tar field: " + value);
    }
    for (int i = 0; i < pad; i++) {
      h[offset + i] = '0';
    }
    ascii(h, offset + pad, digits);
    h[offset + width - 1] = 0;
  }

  private static void ascii(byte[] h, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, h, offset, bytes.length);
  }

  /** A file's bytes, failing if the file changed length since its header was written. */
  private static final class ExactLengthStream extends InputStream {
    private final LayerEntry entry;
    private final long size;
    private InputStream in;
    private long read;

    ExactLengthStream(LayerEntry entry, long size) {
      this.entry = entry;
      this.size = size;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (in == null) {
        in = Files.newInputStream(entry.source());
      }
      if (read == size) {
        if (in.read() != -1) {
          throw changed();
        }
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, size - read));
      if (n == -1) {
        throw changed();
      }
      read += n;
      return n;
    }

    private IOException changed() {
      return new IOException(entry.source() + " changed while slim was reading it");
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }
}
