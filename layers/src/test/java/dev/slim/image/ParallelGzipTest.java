package dev.slim.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ParallelGzipTest {

  private static byte[] compress(byte[] input, int threads) throws IOException {
    return compress(input, threads, 6);
  }

  private static byte[] compress(byte[] input, int threads, int level) throws IOException {
    ExecutorService pool = ParallelGzip.newPool(threads);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new ParallelGzip(pool, threads, level)
          .compress(new ByteArrayInputStream(input), out, null, Progress.NONE, "test", input.length);
      return out.toByteArray();
    } finally {
      pool.shutdownNow();
    }
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  static byte[] gzipSix(byte[] input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(input);
    }
    return out.toByteArray();
  }

  /** A real binary followed by as many random bytes: the benchmark's "half random" shape. */
  private static byte[] halfRandom() throws IOException {
    byte[] binary = Files.readAllBytes(Path.of(System.getProperty("slim.fixtures", "../fixtures"),
        "go-hello-linux-amd64-unstripped"));
    byte[] data = new byte[binary.length * 2];
    System.arraycopy(binary, 0, data, 0, binary.length);
    byte[] noise = new byte[binary.length];
    new Random(7).nextBytes(noise);
    System.arraycopy(noise, 0, data, binary.length, noise.length);
    return data;
  }

  @Test
  void roundTripsToTheSameBytes() throws IOException {
    byte[] input = halfRandom();
    assertThat(gunzip(compress(input, 2))).isEqualTo(input);
  }

  @Test
  void givesTheSameBytesWhateverTheNumberOfThreads() throws IOException {
    byte[] input = halfRandom();
    assertThat(compress(input, 1)).isEqualTo(compress(input, 4));
  }

  @Test
  void staysWithinOnePercentOfGzipSix() throws IOException {
    byte[] input = halfRandom();
    long ours = compress(input, 2).length;
    long reference = gzipSix(input).length;
    assertThat((double) ours).isLessThanOrEqualTo(reference * 1.01);
  }

  @Test
  void storesRandomDataInsteadOfDeflatingIt() throws IOException {
    byte[] noise = new byte[3 * ParallelGzip.CHUNK + 123];
    new Random(1).nextBytes(noise);
    byte[] gz = compress(noise, 2);
    assertThat(ParallelGzip.looksRandom(noise)).isTrue();
    assertThat(gz.length).isLessThan(noise.length + 200);
    assertThat(gunzip(gz)).isEqualTo(noise);
  }

  @Test
  void storesRandomDataAtEveryLevelAndDeflatesTheRestAtTheLevelGiven() throws IOException {
    byte[] noise = new byte[2 * ParallelGzip.CHUNK];
    new Random(3).nextBytes(noise);
    assertThat(compress(noise, 2, 1)).isEqualTo(compress(noise, 2, 9));
    byte[] input = halfRandom();
    byte[] fast = compress(input, 2, 1);
    byte[] small = compress(input, 2, 9);
    assertThat(fast.length).isGreaterThan(small.length);
    assertThat(gunzip(fast)).isEqualTo(input);
    assertThat(gunzip(small)).isEqualTo(input);
  }

  @Test
  void refusesALevelDeflateHasNot() {
    for (int level : new int[] {-1, 0, 10}) {
      assertThatThrownBy(() -> new ParallelGzip(null, 1, level)).as("level %d", level)
          .hasMessage("a gzip level is 1 to 9, not " + level);
    }
  }

  @Test
  void handlesEmptyAndChunkSizedInputs() throws IOException {
    for (int size : new int[] {0, 1, ParallelGzip.CHUNK - 1, ParallelGzip.CHUNK,
        ParallelGzip.CHUNK + 1, 2 * ParallelGzip.CHUNK}) {
      byte[] input = new byte[size];
      for (int i = 0; i < size; i++) {
        input[i] = (byte) (i % 251);
      }
      assertThat(gunzip(compress(input, 2))).as("size %d", size).isEqualTo(input);
    }
  }

  @Test
  void doesNotTakeTextForRandom() {
    byte[] text = "the quick brown fox jumps over the lazy dog ".repeat(1000).getBytes();
    assertThat(ParallelGzip.looksRandom(text)).isFalse();
  }
}
