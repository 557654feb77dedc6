package dev.slim.inspect;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Times {@link Inspector#inspect(Path)} on one file, many times in one JVM, and counts the bytes
 * one inspection reads. Not a test: run by {@code bench/inspect/run.sh}.
 *
 * <p>Usage: {@code InspectBench FILE [ITERATIONS]}
 */
public final class InspectBench {

  private InspectBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: InspectBench FILE [ITERATIONS]");
    }
    Path file = Path.of(args[0]);
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int warmup = Math.max(200, iterations / 5);

    long coldStart = System.nanoTime();
    Inspection result = Inspector.inspect(file);
    long coldNanos = System.nanoTime() - coldStart;
    for (int i = 0; i < warmup; i++) {
      result = Inspector.inspect(file);
    }
    long[] nanos = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      result = Inspector.inspect(file);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);

    long bytesRead;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteSource source = new ByteSource(channel, channel.size());
      Inspector.inspect(source, file);
      bytesRead = source.bytesRead();
    }
    long start = System.nanoTime();
    long wholeFile = Files.readAllBytes(file).length;
    long readAllNanos = System.nanoTime() - start;

    System.out.printf("file:               %s (%,d bytes)%n", file, Files.size(file));
    System.out.printf("verdict:            %s, %s, %s%n", result.kind().label(), result.platform(),
        result.message());
    System.out.printf("first (cold JVM):   %.1f ms, class loading included%n", coldNanos / 1e6);
    System.out.printf("iterations:         %,d (after %,d warm-up)%n", iterations, warmup);
    System.out.printf("median:             %.3f ms%n", nanos[iterations / 2] / 1e6);
    System.out.printf("p90 / p99 / max:    %.3f / %.3f / %.3f ms%n",
        nanos[(int) (iterations * 0.9)] / 1e6, nanos[(int) (iterations * 0.99)] / 1e6,
        nanos[iterations - 1] / 1e6);
    System.out.printf("bytes read:         %,d per inspection (%.4f%% of the file)%n", bytesRead,
        100.0 * bytesRead / Files.size(file));
    System.out.printf("readAllBytes once:  %.1f ms for %,d bytes (for comparison)%n",
        readAllNanos / 1e6, wholeFile);
  }
}
