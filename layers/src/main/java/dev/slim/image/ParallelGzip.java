package dev.slim.image;

import dev.slim.oci.Digests;
import dev.slim.plan.PlanRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip on all cores, with the same bytes whatever the number of cores.
 *
 * <p>The input is cut into fixed-size chunks. Each chunk is deflated on its own, primed with the
 * 32 KiB before it as a dictionary (so matches across chunk edges are not lost) and ended with a
 * sync flush, so the chunks join into one valid deflate stream. A chunk whose bytes look random
 * (already compressed data, embedded archives) is stored instead of deflated: deflating it would
 * cost most of the time and save nothing. The decision depends only on the chunk's bytes, so the
 * output is reproducible. Every other chunk is deflated at the build's level (slim's default 6, as
 * {@code gzip -6}); a level changes the bytes and so the layer's digest, never what it unpacks to.
 */
final class ParallelGzip {

  static final int CHUNK = 512 * 1024;
  private static final int WINDOW = 32 * 1024;
  /** Bits per byte above which a chunk is stored, not deflated (random data measures ~7.999). */
  private static final double STORE_ENTROPY = 7.97;
  private static final int SAMPLE_STRIDE = 8;
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /** What was written. */
  record Result(String digest, long size, String diffId, long uncompressedSize) {}

  private final ExecutorService pool;
  private final int inFlight;
  private final int level;

  /** At slim's default level. */
  ParallelGzip(ExecutorService pool, int threads) {
    this(pool, threads, PlanRequest.DEFAULT_COMPRESSION_LEVEL);
  }

  /** @param level the deflate level of the chunks not stored, 1 (fastest) to 9 (smallest) */
  ParallelGzip(ExecutorService pool, int threads, int level) {
    this.pool = pool;
    this.inFlight = 2 * threads + 2;
    this.level = PlanRequest.checkedLevel(level);
  }

  static ExecutorService newPool(int threads) {
    return Executors.newFixedThreadPool(threads, daemon("slim-gzip"));
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Three kinds of work overlap: this thread reads chunks and hashes the raw stream; the pool
   * deflates chunks; one writer thread takes the deflated chunks in order, hashes the gzip stream
   * and writes it, to {@code out} and to {@code tee} (when not null) as well. (Each SHA-256 is
   * sequential, and in a fresh JVM each costs about as much as deflating, so they run on
   * different threads.)
   */
  Result compress(InputStream in, OutputStream out, LayerSink.Stream tee, Progress progress,
      String step, long total) throws IOException {
    MessageDigest rawSha = Digests.sha256();
    MessageDigest gzSha = Digests.sha256();
    CRC32 crc = new CRC32();
    long[] written = {0};
    long rawSize = 0;
    write(out, tee, gzSha, written, HEADER);
    ExecutorService writer = Executors.newSingleThreadExecutor(daemon("slim-gzip-writer"));
    try {
      ArrayDeque<Future<?>> pending = new ArrayDeque<>();
      byte[] dictionary = null;
      byte[] chunk = read(in);
      while (true) {
        byte[] next = chunk.length < CHUNK ? new byte[0] : read(in);
        boolean last = next.length == 0;
        byte[] input = chunk;
        byte[] dict = dictionary;
        Future<byte[]> deflated = pool.submit(() -> deflate(input, dict, last, level));
        long done = Math.min(rawSize + chunk.length, total);
        pending.add(writer.submit(() -> {
          write(out, tee, gzSha, written, deflated.get());
          progress.update(step, done, total);
          return null;
        }));
        crc.update(chunk);
        rawSha.update(chunk);
        rawSize += chunk.length;
        dictionary = tail(dictionary, chunk);
        while (pending.size() >= inFlight || (last && !pending.isEmpty())) {
          await(pending.poll());
        }
        if (last) {
          break;
        }
        chunk = next;
      }
    } finally {
      writer.shutdownNow();
    }
    byte[] trailer = new byte[8];
    le32(trailer, 0, crc.getValue());
    le32(trailer, 4, rawSize);
    write(out, tee, gzSha, written, trailer);
    return new Result(
        Digests.of(gzSha), written[0], Digests.of(rawSha), rawSize);
  }

  /** The next chunk, read straight into its array (shorter only at the end of the stream). */
  private static byte[] read(InputStream in) throws IOException {
    byte[] chunk = new byte[CHUNK];
    int n = in.readNBytes(chunk, 0, CHUNK);
    return n == CHUNK ? chunk : Arrays.copyOf(chunk, n);
  }

  static byte[] deflate(byte[] input, byte[] dictionary, boolean last, int level) {
    Deflater deflater = new Deflater(looksRandom(input) ? Deflater.NO_COMPRESSION : level, true);
    try {
      if (dictionary != null) {
        deflater.setDictionary(dictionary);
      }
      deflater.setInput(input);
      if (last) {
        deflater.finish();
      }
      byte[] out = new byte[input.length + input.length / 16 + 1024];
      int length = 0;
      while (true) {
        if (length == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        int n = deflater.deflate(out, length, out.length - length,
            last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
        length += n;
        boolean done = last ? deflater.finished() : length < out.length && deflater.needsInput();
        if (done) {
          return Arrays.copyOf(out, length);
        }
      }
    } finally {
      deflater.end();
    }
  }

  /**
   * Shannon entropy of the byte histogram, in bits per byte, from every {@value #SAMPLE_STRIDE}th
   * byte: 64 K samples of a 512 KiB chunk tell random data (measured ~7.997) from code and text
   * (below 7) just as well, and the first chunks are looked at before the JIT has compiled this.
   */
  static boolean looksRandom(byte[] data) {
    if (data.length < 4096) {
      return false;
    }
    int[] counts = new int[256];
    int samples = 0;
    for (int i = 0; i < data.length; i += SAMPLE_STRIDE) {
      counts[data[i] & 0xff]++;
      samples++;
    }
    double entropy = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / samples;
        entropy -= p * Math.log(p);
      }
    }
    return entropy / Math.log(2) > STORE_ENTROPY;
  }

  private static byte[] tail(byte[] previous, byte[] chunk) {
    if (chunk.length >= WINDOW) {
      return Arrays.copyOfRange(chunk, chunk.length - WINDOW, chunk.length);
    }
    byte[] joined = previous == null ? chunk : concat(previous, chunk);
    return Arrays.copyOfRange(joined, Math.max(0, joined.length - WINDOW), joined.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void await(Future<?> future) throws IOException {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compressing", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ExecutionException deflater) {
        cause = deflater.getCause(); // the writer waited for a deflate that failed
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("compression failed", cause);
    }
  }

  /** {@code bytes} is never changed after this: the tee may keep it. */
  private static void write(OutputStream out, LayerSink.Stream tee, MessageDigest sha,
      long[] count, byte[] bytes) throws IOException {
    out.write(bytes);
    if (tee != null) {
      tee.accept(bytes);
    }
    sha.update(bytes);
    count[0] += bytes.length;
  }

  private static void le32(byte[] b, int off, long v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }
}
