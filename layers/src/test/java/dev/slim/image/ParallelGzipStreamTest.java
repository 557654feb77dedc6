package dev.slim.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.oci.Descriptor;
import dev.slim.oci.Digests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the parallel gzip promises besides its bytes: matches across chunk edges, the tee's copy,
 * the progress, the sizes and digests it returns, and failures that reach the caller.
 */
@Timeout(60)
class ParallelGzipStreamTest {

  private final ExecutorService pool = ParallelGzip.newPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** A tee that keeps every byte it is given. */
  private static class Copy implements LayerSink.Stream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void accept(byte[] b) {
      bytes.writeBytes(b);
    }

    @Override
    public void finish(Descriptor blob) {}

    @Override
    public void abort() {}
  }


  /** 2.5 chunks repeating one 20 KiB block of 64 letters: each chunk's start matches the last. */
  private static byte[] periodic() {
    byte[] block = new byte[20 * 1024];
    Random random = new Random(3);
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) ('0' + random.nextInt(64));
    }
    byte[] data = new byte[ParallelGzip.CHUNK * 5 / 2];
    for (int i = 0; i < data.length; i++) {
      data[i] = block[i % block.length];
    }
    return data;
  }

  @Test
  void eachChunkIsPrimedWithTheOneBeforeSoRepeatsAcrossEdgesCostNothing() throws IOException {
    byte[] data = periodic();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ParallelGzip(pool, 2).compress(new ByteArrayInputStream(data), out, null, Progress.NONE,
        "p", data.length);
    // unprimed, every chunk would pay the 15 KiB of its first block again
    assertThat(out.size()).isLessThan(ParallelGzipTest.gzipSix(data).length + 4096);
    assertThat(ParallelGzipTest.gunzip(out.toByteArray())).isEqualTo(data);
  }

  @Test
  void theTeeGetsExactlyTheBytesWrittenAndTheResultDescribesThem() throws IOException {
    byte[] data = periodic();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Copy tee = new Copy();
    ParallelGzip.Result result = new ParallelGzip(pool, 2).compress(
        new ByteArrayInputStream(data), out, tee, Progress.NONE, "t", data.length);
    assertThat(tee.bytes.toByteArray()).isEqualTo(out.toByteArray());
    assertThat(result.size()).isEqualTo(out.size());
    assertThat(result.uncompressedSize()).isEqualTo(data.length);
    assertThat(result.digest()).isEqualTo(Digests.sha256(out.toByteArray()));
    assertThat(result.diffId()).isEqualTo(Digests.sha256(data));
  }

  @Test
  void progressClimbsChunkByChunkToTheTotal() throws IOException {
    byte[] data = periodic();
    List<long[]> updates = new ArrayList<>();
    List<String> steps = new ArrayList<>();
    new ParallelGzip(pool, 2).compress(new ByteArrayInputStream(data), OutputStream.nullOutputStream(),
        null, (step, done, total) -> {
          steps.add(step);
          updates.add(new long[] {done, total});
        }, "compressing app", data.length);
    assertThat(steps).hasSize(3).containsOnly("compressing app");
    assertThat(updates).extracting(u -> u[0]).containsExactly((long) ParallelGzip.CHUNK,
        2L * ParallelGzip.CHUNK, (long) data.length);
    assertThat(updates).extracting(u -> u[1]).containsOnly((long) data.length);
  }

  @Test
  void progressNeverPassesAnUnderestimatedTotal() throws IOException {
    byte[] data = periodic();
    List<Long> done = new ArrayList<>();
    new ParallelGzip(pool, 1).compress(new ByteArrayInputStream(data),
        OutputStream.nullOutputStream(), null, (step, d, total) -> done.add(d), "x", 1000);
    assertThat(done).containsOnly(1000L);
  }

  @Test
  void randomnessIsJudgedOnlyFromFourKibibytesOn() {
    byte[] noise = new byte[64 * 1024];
    new Random(5).nextBytes(noise);
    assertThat(ParallelGzip.looksRandom(noise)).isTrue();
    assertThat(ParallelGzip.looksRandom(java.util.Arrays.copyOf(noise, 4095))).isFalse();
    assertThat(ParallelGzip.looksRandom(new byte[100])).isFalse();
    assertThat(ParallelGzip.looksRandom(new byte[8192])).as("zeros").isFalse();
  }

  @Test
  void aFailingReadReachesTheCaller() {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("disk gone");
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        throw new IOException("disk gone");
      }
    };
    assertThatThrownBy(() -> new ParallelGzip(pool, 2).compress(broken,
        OutputStream.nullOutputStream(), null, Progress.NONE, "x", 10))
        .isInstanceOf(IOException.class).hasMessage("disk gone");
  }

  @Test
  void aFailingWriteReachesTheCallerAsItself() {
    byte[] data = periodic();
    int[] calls = {0};
    OutputStream full = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (++calls[0] > 1) {
          throw new IOException("no space left on device");
        }
      }
    };
    assertThatThrownBy(() -> new ParallelGzip(pool, 2).compress(new ByteArrayInputStream(data),
        full, null, Progress.NONE, "x", data.length))
        .isInstanceOf(IOException.class).hasMessage("no space left on device");

    LayerSink.Stream brokenTee = new Copy() {
      @Override
      public void accept(byte[] b) {
        if (b.length > 10) {
          throw new IllegalStateException("tee broke");
        }
      }
    };
    assertThatThrownBy(() -> new ParallelGzip(pool, 2).compress(new ByteArrayInputStream(data),
        OutputStream.nullOutputStream(), brokenTee, Progress.NONE, "x", data.length))
        .isInstanceOf(IllegalStateException.class).hasMessage("tee broke");
  }
}
