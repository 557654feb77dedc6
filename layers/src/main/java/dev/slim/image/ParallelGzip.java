package dev.slim.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * output is reproducible.
 */
final class ParallelGzip {

  static final int CHUNK = 512 * 1024;
  static final int LEVEL = 6;
  private static final int WINDOW = 32 * 1024;
  /** Bits per byte above which a chunk is stored, not deflated (random data measures ~7.999). */
  private static final double STORE_ENTROPY = 7.97;
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /** What was written. */
  record Result(String digest, long size, String diffId, long uncompressedSize) {}

  private final ExecutorService pool;
  private final int inFlight;

  ParallelGzip(ExecutorService pool, int threads) {
    this.pool = pool;
    this.inFlight = 2 * threads + 2;
  }

  static ExecutorService newPool(int threads) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "slim-gzip");
      t.setDaemon(true);
      return t;
    });
  }

  Result compress(InputStream in, OutputStream out, Progress progress, String step, long total)
      throws IOException {
    MessageDigest rawSha = sha256();
    MessageDigest gzSha = sha256();
    CRC32 crc = new CRC32();
    long[] written = {0};
    long rawSize = 0;
    ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    write(out, gzSha, written, HEADER);

    byte[] dictionary = null;
    byte[] chunk = in.readNBytes(CHUNK);
    while (true) {
      byte[] next = chunk.length < CHUNK ? new byte[0] : in.readNBytes(CHUNK);
      boolean last = next.length == 0;
      crc.update(chunk);
      rawSha.update(chunk);
      rawSize += chunk.length;
      byte[] input = chunk;
      byte[] dict = dictionary;
      pending.add(pool.submit(() -> deflate(input, dict, last)));
      dictionary = tail(dictionary, chunk);
      while (pending.size() >= inFlight || (last && !pending.isEmpty())) {
        write(out, gzSha, written, await(pending.poll()));
        progress.update(step, Math.min(rawSize, total), total);
      }
      if (last) {
        break;
      }
      chunk = next;
    }
    byte[] trailer = new byte[8];
    le32(trailer, 0, crc.getValue());
    le32(trailer, 4, rawSize);
    write(out, gzSha, written, trailer);
    return new Result(
        "sha256:" + HexFormat.of().formatHex(gzSha.digest()), written[0],
        "sha256:" + HexFormat.of().formatHex(rawSha.digest()), rawSize);
  }

  static byte[] deflate(byte[] input, byte[] dictionary, boolean last) {
    Deflater deflater = new Deflater(looksRandom(input) ? Deflater.NO_COMPRESSION : LEVEL, true);
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

  /** Shannon entropy of the byte histogram, in bits per byte. */
  static boolean looksRandom(byte[] data) {
    if (data.length < 4096) {
      return false;
    }
    int[] counts = new int[256];
    for (byte b : data) {
      counts[b & 0xff]++;
    }
    double entropy = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / data.length;
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

  private static byte[] await(Future<byte[]> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compressing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IllegalStateException("compression failed", e.getCause());
    }
  }

  private static void write(OutputStream out, MessageDigest sha, long[] count, byte[] bytes)
      throws IOException {
    out.write(bytes);
    sha.update(bytes);
    count[0] += bytes.length;
  }

  private static void le32(byte[] b, int off, long v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java has no SHA-256", e);
    }
  }
}
