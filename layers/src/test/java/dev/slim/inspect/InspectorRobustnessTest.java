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
import org.junit.jupiter.api.Test;
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
  static final long SLOW_NANOS = 2_000_000_000L;

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
          .isNotBlank()
          .doesNotContain("internal error");
    }
  }

  @Test
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
        long start = System.nanoTime();
        Inspection inspection = inspectPrefix(bytes, bytes.length);
        long took = System.nanoTime() - start;
        for (int i = flips - 1; i >= 0; i--) {
          bytes[offsets[i]] = saved[i];
        }
        String what = fixture + " corruption #" + n;
        assertThat(inspection.message()).as(what).isNotBlank().doesNotContain("internal error")
            .doesNotContainPattern("\\p{Cntrl}");
        if (took > SLOW_NANOS) {
          fail(what + " took " + took / 1_000_000 + " ms");
        }
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

  private static Inspection inspectPrefix(byte[] bytes, int length) {
    return Inspector.inspect(new ByteArrayChannel(bytes, length), length, Path.of("fuzzed"));
  }
}
