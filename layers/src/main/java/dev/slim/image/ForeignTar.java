package dev.slim.image;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Reads tars slim did not write ({@code docker save} archives, OCI layout tars, layers of base
 * images) through Apache Commons Compress, which knows pax, GNU long names, base-256 sizes and
 * sparse files. The only class that sees Commons Compress: callers get {@link TarEntry} records
 * and plain streams. Every failure, whatever the library throws on a damaged archive, is an
 * {@link IOException} whose message says what is wrong; the caller adds which file it was.
 * An entry's content never reads past the entry, and ends with an error when the archive ends
 * first, so a size field can promise more than the archive holds without harm.
 */
public final class ForeignTar implements Closeable {

  private static final int MAX_DETAIL = 160;

  private final TarArchiveInputStream in;
  private TarEntry current;

  private ForeignTar(TarArchiveInputStream in) {
    this.in = in;
  }

  /** Reads a tar from first entry to last; {@code in} is closed with the result. */
  public static ForeignTar stream(InputStream in) {
    return new ForeignTar(new TarArchiveInputStream(in, true));
  }

  /** The next entry, or {@code null} at the end of the archive. */
  public TarEntry next() throws IOException {
    TarArchiveEntry entry = guard(in::getNextEntry);
    current = entry == null ? null : entry(entry);
    return current;
  }

  /** The content of the entry {@link #next} returned; closing it leaves the tar open. */
  public InputStream content() {
    if (current == null) {
      throw new IllegalStateException("no current entry");
    }
    return new Exact(in, current);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * Reads the headers of a whole tar file, seeking over contents, so that memory grows with the
   * number of entries, not their size. {@code use} gets the entries in order and a way to open
   * any entry's content.
   */
  public static <T> T random(Path file, RandomAccess<T> use) throws IOException {
    return random(file, MAX_ENTRIES, use);
  }

  /**
   * Entries a random-access read keeps in memory at most: an image archive holds a few per
   * layer, and a hostile one of millions of empty entries must not fill the heap.
   */
  static final int MAX_ENTRIES = 100_000;

  static <T> T random(Path file, int maxEntries, RandomAccess<T> use) throws IOException {
    // Commons' TarFile lists every entry before it returns: count the headers first, streaming
    try (ForeignTar headers = stream(Files.newInputStream(file))) {
      int count = 0;
      while (headers.next() != null) {
        if (++count > maxEntries) {
          throw new IOException("not an image archive: it holds more than " + maxEntries
              + " entries");
        }
      }
    }
    try (TarFile tar = guard(() -> new TarFile(file, true))) {
      long length = Files.size(file);
      Map<TarEntry, TarArchiveEntry> entries = new IdentityHashMap<>();
      List<TarEntry> list = new ArrayList<>();
      for (TarArchiveEntry e : tar.getEntries()) {
        TarEntry mine = entry(e);
        if (e.getSize() > length - e.getDataOffset()) {
          throw new IOException("not a tar archive, or a truncated one: it ends inside "
              + printable(mine.name()));
        }
        entries.put(mine, e);
        list.add(mine);
      }
      return use.read(list, e -> new Exact(guard(() -> tar.getInputStream(entries.get(e))), e));
    } catch (RuntimeException e) {
      throw damaged(e);
    }
  }

  /** What a caller of {@link #random} does with the entries while the file is open. */
  public interface RandomAccess<T> {
    T read(List<TarEntry> entries, Opener content) throws IOException;
  }

  /** Opens one entry's content. */
  public interface Opener {
    InputStream open(TarEntry entry) throws IOException;
  }

  private static TarEntry entry(TarArchiveEntry e) {
    long size = e.isSparse() ? e.getRealSize() : e.getSize();
    return new TarEntry(e.getName(), (char) (e.getLinkFlag() & 0xff), Math.max(0, size),
        e.getLinkName());
  }

  private interface Call<T> {
    T call() throws IOException;
  }

  private static <T> T guard(Call<T> call) throws IOException {
    try {
      return call.call();
    } catch (IOException | RuntimeException e) {
      throw damaged(e);
    }
  }

  private static IOException damaged(Exception e) {
    String detail = printable(e.getMessage() == null ? "" : e.getMessage());
    if (detail.startsWith("not a tar archive")) {
      return new IOException(detail, e);
    }
    if (detail.toLowerCase(Locale.ROOT).contains("truncated")) {
      return new IOException("not a tar archive, or a truncated one", e);
    }
    return new IOException("not a tar archive, or a damaged one"
        + (detail.isBlank() ? "" : " (" + detail + ")"), e);
  }

  /** Text from the archive, fit for a message: no control characters, not too long. */
  private static String printable(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > MAX_DETAIL ? clean.substring(0, MAX_DETAIL) + "..." : clean;
  }

  /** An entry's bytes: exactly its size, an error if the archive ends before. */
  private static final class Exact extends FilterInputStream {
    private final TarEntry entry;
    private long left;

    Exact(InputStream in, TarEntry entry) {
      super(in);
      this.entry = entry;
      this.left = entry.size();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n;
      try {
        n = guard(() -> in.read(b, off, (int) Math.min(len, left)));
      } catch (IOException e) {
        throw e.getMessage().endsWith("truncated one") ? endsInside(e) : e;
      }
      if (n < 0) {
        throw endsInside(null);
      }
      left -= n;
      return n;
    }

    private IOException endsInside(IOException cause) {
      return new IOException("not a tar archive, or a truncated one: it ends inside "
          + printable(entry.name()), cause);
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = guard(() -> in.skip(Math.min(n, left)));
      left -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(left, guard(in::available));
    }

    @Override
    public void close() {
      // the archive stays open; its owner closes it
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
