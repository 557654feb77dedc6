package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Truncated and corrupted copies of real binaries: every one gives an inspection with a reason,
 * never an exception, an internal error, or a long wait.
 */
class InspectorRobustnessTest {

  static final List<String> FIXTURES = List.of("go-hello-linux-amd64", "go-hello-linux-s390x",
      "go-hello-linux-arm-v7", "go-cgo-dynamic-linux-amd64", "c-dynamic", "c-static-pie",
      "libhello.so", "go-hello-linux-amd64-unstripped");
  static final int CORRUPTIONS_PER_FIXTURE = 500;
  static final long SLOW_MILLIS = 2_000;
  /**
   * Every message the inspector gives, by family. A corrupted file must land in one of them: a
   * blank, garbled or unexpected message is a failure, not "any non-blank text".
   */
  static final Pattern KNOWN_MESSAGES = Pattern.compile("(truncated ELF: |malformed ELF: "
      + "|statically linked: |static-pie: |dynamically linked: |a shared library"
      + "|an object file \\(ET_REL\\)|a core dump \\(ET_CORE\\)|an ELF file of type "
      + "|a separate debug-info file|not an ELF binary: |a Windows PE executable|a zip archive"
      + "|a WebAssembly module|a text file, not a binary|a macOS Mach-O binary"
      + "|a script, not a binary|cannot read the file: ).*", Pattern.DOTALL);
  /** One worker, so that a hang in the inspector fails the case instead of stalling the suite. */
  static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "inspect-under-test");
    thread.setDaemon(true);
    return thread;
  });

  @AfterAll
  static void stopWorker() {
    WORKER.shutdownNow();
  }

  @Timeout(120)
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"go-hello-linux-amd64", "go-hello-linux-arm-v7", "go-hello-linux-s390x",
      "c-dynamic", "libhello.so"})
  void rejectsEveryTruncationOfTheFirst8KiB(String fixture) {
    byte[] bytes = Fixtures.bytes(fixture);

    for (int length = 0; length <= 8192; length++) {
      Inspection inspection = inspectPrefix(bytes, length);
      assertThat(inspection.kind()).as("%s cut at %d", fixture, length).isEqualTo(Kind.REJECTED);
      if (length > 0) {
        assertThat(inspection.message()).as("%s cut at %d", fixture, length)
            .matches("(truncated|malformed) ELF: .*")
            .doesNotContain("internal error");
      }
    }
  }

  @Timeout(60)
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"go-hello-linux-amd64", "go-cgo-dynamic-linux-amd64", "c-static-pie",
      "c-dynamic", "libhello.so", "go-hello-linux-amd64-unstripped"})
  void explainsLargerCuts(String fixture) {
    byte[] bytes = Fixtures.bytes(fixture);
    int size = bytes.length;

    for (int length : new int[] {size / 4, size / 2, size - 4096, size - 1024, size - 64,
        size - 1}) {
      Inspection inspection = inspectPrefix(bytes, length);
      assertThat(inspection.message()).as("%s cut at %d", fixture, length)
          .matches(KNOWN_MESSAGES)
          .doesNotContain("internal error");
    }
  }

  @Test
  @Timeout(300)
  void survivesRandomCorruption() {
    Random random = new Random(20260101L);
    Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
    int cases = 0;
    for (String fixture : FIXTURES) {
      byte[] bytes = Fixtures.bytes(fixture);
      List<int[]> regions = regions(bytes);
      for (int n = 0; n < CORRUPTIONS_PER_FIXTURE; n++) {
        int[] region = regions.get(random.nextInt(regions.size()));
        int flips = 1 + random.nextInt(16);
        int[] offsets = new int[flips];
        byte[] saved = new byte[flips];
        for (int i = 0; i < flips; i++) {
          offsets[i] = region[0] + random.nextInt(region[1] - region[0]);
          saved[i] = bytes[offsets[i]];
          bytes[offsets[i]] ^= (byte) (1 + random.nextInt(255));
        }
        String what = fixture + " corruption #" + n;
        Inspection inspection = inspectWithin(bytes, what);
        for (int i = flips - 1; i >= 0; i--) {
          bytes[offsets[i]] = saved[i];
        }
        assertThat(inspection.message()).as(what).matches(KNOWN_MESSAGES)
            .doesNotContain("internal error").doesNotContainPattern("\\p{Cntrl}");
        kinds.merge(inspection.kind(), 1, Integer::sum);
        cases++;
      }
    }

    assertThat(cases).isGreaterThanOrEqualTo(4000);
    // Both outcomes occur, so the corruption reaches the checks and does not only hit padding.
    assertThat(kinds.getOrDefault(Kind.REJECTED, 0)).as("%s", kinds).isGreaterThan(cases / 10);
    assertThat(cases - kinds.getOrDefault(Kind.REJECTED, 0)).as("%s", kinds)
        .isGreaterThan(cases / 10);
  }

  @Test
  void inspectsA100MegabyteBinaryWithoutReadingIt(@TempDir Path dir) throws Exception {
    Path big = Files.write(dir.resolve("big"), Fixtures.bytes("go-hello-linux-amd64"));
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.seek(100L << 20);
      file.write(new byte[] {1, 2, 3, 4});
    }
    Inspection original = Fixtures.inspect("go-hello-linux-amd64");

    Inspection inspection = Inspector.inspect(big);
    ByteSource counted;
    try (FileChannel channel = FileChannel.open(big, StandardOpenOption.READ)) {
      counted = new ByteSource(channel, channel.size());
      Inspector.inspect(counted, big);
    }

    assertThat(inspection.fileSize()).isEqualTo((100L << 20) + 4);
    assertThat(inspection).usingRecursiveComparison().ignoringFields("file", "fileSize")
        .isEqualTo(original);
    assertThat(counted.bytesRead()).isLessThan(64 * 1024);
  }

  /** Where corruption does the most damage: the headers, the section table, the data slim reads. */
  private static List<int[]> regions(byte[] bytes) {
    Inspection clean = inspectPrefix(bytes, bytes.length);
    assertThat(clean.kind()).isNotEqualTo(Kind.REJECTED);
    boolean big = bytes[5] == 2;
    boolean is64 = bytes[4] == 2;
    long shoff = is64 ? word(bytes, 40, 8, big) : word(bytes, 32, 4, big);
    int shnum = (int) word(bytes, is64 ? 60 : 48, 2, big);
    int shentsize = is64 ? 64 : 40;
    int first4k = Math.min(4096, bytes.length);
    int tableEnd = (int) Math.min(bytes.length, shoff + (long) shnum * shentsize);
    int buildInfo = Fixtures.indexOf(bytes, GoBuildInfoReader.MAGIC, 0);
    List<int[]> regions = new ArrayList<>();
    regions.add(new int[] {0, first4k});
    regions.add(new int[] {0, first4k});
    regions.add(new int[] {0, 64});
    regions.add(new int[] {0, bytes.length});
    if (tableEnd > shoff) {
      regions.add(new int[] {(int) shoff, tableEnd});
    }
    if (buildInfo >= 0) {
      regions.add(new int[] {buildInfo, Math.min(bytes.length, buildInfo + 512)});
    }
    int[] dynamic = dynamicSegment(bytes, is64, big);
    if (dynamic != null) {
      regions.add(dynamic);
    }
    return regions;
  }

  private static int[] dynamicSegment(byte[] bytes, boolean is64, boolean big) {
    long phoff = is64 ? word(bytes, 32, 8, big) : word(bytes, 28, 4, big);
    int phnum = (int) word(bytes, is64 ? 56 : 44, 2, big);
    for (int i = 0; i < phnum; i++) {
      int at = (int) phoff + i * (is64 ? 56 : 32);
      if (word(bytes, at, 4, big) == 2) {
        int offset = (int) (is64 ? word(bytes, at + 8, 8, big) : word(bytes, at + 4, 4, big));
        int size = (int) (is64 ? word(bytes, at + 32, 8, big) : word(bytes, at + 16, 4, big));
        return new int[] {offset, offset + size};
      }
    }
    return null;
  }

  private static long word(byte[] bytes, int at, int size, boolean big) {
    long value = 0;
    for (int i = 0; i < size; i++) {
      int b = bytes[at + (big ? i : size - 1 - i)] & 0xff;
      value = value << 8 | b;
    }
    return value;
  }

  /**
   * Inspects a copy of the bytes on the worker and gives up after {@link #SLOW_MILLIS}: the clock
   * runs while the call runs, so a hang fails here rather than after it returns.
   */
  private static Inspection inspectWithin(byte[] bytes, String what) {
    byte[] copy = bytes.clone();
    Future<Inspection> call = WORKER.submit(() -> inspectPrefix(copy, copy.length));
    try {
      return call.get(SLOW_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      return fail(what + " took more than " + SLOW_MILLIS + " ms");
    } catch (Exception e) {
      return fail(what + " threw " + e.getCause(), e);
    }
  }

  private static Inspection inspectPrefix(byte[] bytes, int length) {
    return Inspector.inspect(new ByteArrayChannel(bytes, length), length, Path.of("fuzzed"));
  }
}
