package dev.slim.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.plan.LayerEntry;
import dev.slim.plan.LayerPlan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canonical ustar bytes of slim's layers, field by field, and read back by Commons Compress:
 * long names split at a slash within the field sizes in bytes, files that change refused.
 */
@Timeout(60)
class TarStreamTest {

  @TempDir Path tmp;

  private static String field(byte[] header, int offset, int length) {
    return new String(header, offset, length, StandardCharsets.US_ASCII);
  }

  private static List<TarArchiveEntry> entries(byte[] tar, List<byte[]> contents)
      throws IOException {
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.add(e);
        contents.add(in.readAllBytes());
      }
    }
    return entries;
  }

  @Test
  void everyHeaderFieldIsFixedOctalWithItsNul() throws IOException {
    byte[] h = TarStream.header("usr/bin/app", 0755, 1, 2, 1234, 1_700_000_000L, '0');
    assertThat(h).hasSize(512);
    assertThat(field(h, 0, 12)).isEqualTo("usr/bin/app\0");
    assertThat(field(h, 100, 8)).isEqualTo("0000755\0");
    assertThat(field(h, 108, 8)).isEqualTo("0000001\0");
    assertThat(field(h, 116, 8)).isEqualTo("0000002\0");
    assertThat(field(h, 124, 12)).isEqualTo("00000002322\0");
    assertThat(field(h, 136, 12)).isEqualTo(String.format("%011o", 1_700_000_000L) + "\0");
    assertThat((char) h[156]).isEqualTo('0');
    assertThat(field(h, 257, 6)).isEqualTo("ustar\0");
    assertThat(field(h, 263, 2)).isEqualTo("00");
    assertThat(field(h, 265, 64)).as("no user or group name").isEqualTo("\0".repeat(64));
    assertThat(field(h, 329, 8)).isEqualTo("0000000\0");
    assertThat(field(h, 337, 8)).isEqualTo("0000000\0");
    assertThat(field(h, 345, 155)).as("no prefix").isEqualTo("\0".repeat(155));
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
    }
    assertThat(field(h, 148, 8)).isEqualTo(String.format("%06o", sum) + "\0 ");

    TarArchiveEntry e = new TarArchiveEntry(h);
    assertThat(e.isCheckSumOK()).isTrue();
    assertThat(e.getName()).isEqualTo("usr/bin/app");
    assertThat(e.getMode()).isEqualTo(0755);
    assertThat(e.getLongUserId()).isEqualTo(1);
    assertThat(e.getLongGroupId()).isEqualTo(2);
    assertThat(e.getSize()).isEqualTo(1234);
    assertThat(e.getModTime().toInstant()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
  }

  @Test
  void theLargestOctalSizeFitsAndOneMoreIsRefused() throws IOException {
    byte[] h = TarStream.header("big", 0644, 0, 0, 077777777777L, 0, '0');
    assertThat(field(h, 124, 12)).isEqualTo("77777777777\0");
    assertThatThrownBy(() -> TarStream.header("big", 0644, 0, 0, 0100000000000L, 0, '0'))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value too large for tar field: " + 0100000000000L);
  }

  @Test
  void aNameOfAHundredBytesFitsTheNameFieldAlone() throws IOException {
    String name = "d/" + "n".repeat(98);
    byte[] h = TarStream.header(name, 0644, 0, 0, 0, 0, '0');
    assertThat(field(h, 0, 100)).isEqualTo(name);
    assertThat(h[345]).as("no prefix").isZero();
  }

  @Test
  void aLongerNameIsSplitAtTheLastSlashThatFitsBothFields() throws IOException {
    String name = "p".repeat(150) + "/" + "q".repeat(40) + "/" + "r".repeat(40);
    byte[] h = TarStream.header(name, 0644, 0, 0, 0, 0, '0');
    assertThat(field(h, 345, 151)).isEqualTo("p".repeat(150) + "\0");
    assertThat(field(h, 0, 82)).isEqualTo("q".repeat(40) + "/" + "r".repeat(40) + "\0");
    assertThat(new TarArchiveEntry(h).getName()).isEqualTo(name);

    String simple = "a".repeat(60) + "/" + "b".repeat(60);
    byte[] s = TarStream.header(simple, 0644, 0, 0, 0, 0, '0');
    assertThat(field(s, 345, 61)).isEqualTo("a".repeat(60) + "\0");
    assertThat(field(s, 0, 61)).isEqualTo("b".repeat(60) + "\0");
  }

  @Test
  void aDirectorysTrailingSlashIsNeverTheSplit() throws IOException {
    String dir = "a".repeat(60) + "/" + "b".repeat(59) + "/";
    byte[] h = TarStream.header(dir, 0755, 0, 0, 0, 0, '5');
    assertThat(field(h, 0, 61)).isEqualTo("b".repeat(59) + "/\0");
    assertThat(field(h, 345, 61)).isEqualTo("a".repeat(60) + "\0");
    assertThat(new TarArchiveEntry(h).getName()).isEqualTo(dir);
  }

  @Test
  void namesThatFitNoSplitAreRefusedCountingBytesNotCharacters() throws IOException {
    String tooLongLast = "d/" + "f".repeat(101);
    assertThatThrownBy(() -> TarStream.header(tooLongLast, 0644, 0, 0, 0, 0, '0'))
        .isInstanceOf(IOException.class).hasMessage("path too long for a tar entry: /"
            + tooLongLast);
    // 80 characters but 160 bytes: over the prefix's 155
    String wide = "é".repeat(80) + "/" + "f".repeat(10);
    assertThatThrownBy(() -> TarStream.header(wide, 0644, 0, 0, 0, 0, '0'))
        .isInstanceOf(IOException.class).hasMessageStartingWith("path too long");
    String noSlash = "x".repeat(101);
    assertThatThrownBy(() -> TarStream.header(noSlash, 0644, 0, 0, 0, 0, '0'))
        .isInstanceOf(IOException.class).hasMessageStartingWith("path too long");
    String longPrefix = "p".repeat(160) + "/f";
    assertThatThrownBy(() -> TarStream.header(longPrefix, 0644, 0, 0, 0, 0, '0'))
        .isInstanceOf(IOException.class).hasMessageStartingWith("path too long");
    // the last slash leaves too long a prefix, the one before too long a name
    String neither = "a".repeat(10) + "/" + "p".repeat(150) + "/" + "f".repeat(60);
    assertThatThrownBy(() -> TarStream.header(neither, 0644, 0, 0, 0, 0, '0'))
        .isInstanceOf(IOException.class).hasMessageStartingWith("path too long");
    // the deepest split that fits is found, not only the last slash
    String deep = "a/".repeat(80) + "f".repeat(60);
    byte[] h = TarStream.header(deep, 0644, 0, 0, 0, 0, '0');
    assertThat(new TarArchiveEntry(h).getName()).isEqualTo(deep);
    assertThat(field(h, 345, 156)).isEqualTo(deep.substring(0, 155) + "\0");
  }

  @Test
  void aLayerIsHeadersContentsPaddedToBlocksAndTwoEmptyBlocks() throws IOException {
    List<LayerEntry> entries = new ArrayList<>();
    entries.add(LayerEntry.directory("/data", 0755, 0, 0));
    int[] sizes = {0, 1, 512, 700};
    for (int size : sizes) {
      byte[] bytes = new byte[size];
      Arrays.fill(bytes, (byte) ('a' + size % 26));
      entries.add(LayerEntry.file("/data/f" + size, Files.write(tmp.resolve("f" + size), bytes),
          0640, 7, 8));
    }
    byte[] tar;
    try (InputStream in = TarStream.open(new LayerPlan("data", entries),
        Instant.ofEpochSecond(42))) {
      tar = in.readAllBytes();
    }
    // 5 headers, contents of 0 + 512 + 512 + 1024 bytes, the end
    assertThat(tar).hasSize(5 * 512 + 2048 + 1024);
    assertThat(Arrays.copyOfRange(tar, tar.length - 1024, tar.length)).containsOnly(0);

    List<byte[]> contents = new ArrayList<>();
    List<TarArchiveEntry> read = entries(tar, contents);
    assertThat(read).extracting(TarArchiveEntry::getName)
        .containsExactly("data/", "data/f0", "data/f1", "data/f512", "data/f700");
    assertThat(read.get(0).isDirectory()).isTrue();
    assertThat(read.get(0).getMode()).isEqualTo(0755);
    for (int i = 0; i < sizes.length; i++) {
      TarArchiveEntry e = read.get(i + 1);
      assertThat(e.isFile()).isTrue();
      assertThat(e.getSize()).isEqualTo(sizes[i]);
      assertThat(e.getMode()).isEqualTo(0640);
      assertThat(e.getLongUserId()).isEqualTo(7);
      assertThat(e.getLongGroupId()).isEqualTo(8);
      assertThat(e.getModTime().toInstant()).isEqualTo(Instant.ofEpochSecond(42));
      assertThat(contents.get(i + 1)).isEqualTo(Files.readAllBytes(tmp.resolve("f" + sizes[i])));
    }
  }

  @Test
  void readingByteByByteGivesTheSameBytes() throws IOException {
    Path file = Files.writeString(tmp.resolve("f"), "hello, tar\n".repeat(100));
    LayerPlan plan = new LayerPlan("f", List.of(LayerEntry.file("/f", file, 0644, 0, 0)));
    byte[] bulk;
    try (InputStream in = TarStream.open(plan, Instant.EPOCH)) {
      bulk = in.readAllBytes();
    }
    ByteArrayOutputStream single = new ByteArrayOutputStream();
    try (InputStream in = TarStream.open(plan, Instant.EPOCH)) {
      int b;
      while ((b = in.read()) != -1) {
        single.write(b);
      }
    }
    assertThat(single.toByteArray()).isEqualTo(bulk);
  }

  @Test
  void aTimeBeforeTheEpochIsWrittenAsTheEpoch() throws IOException {
    LayerPlan plan = new LayerPlan("d", List.of(LayerEntry.directory("/d", 0755, 0, 0)));
    try (InputStream in = TarStream.open(plan, Instant.ofEpochSecond(-100))) {
      byte[] h = in.readNBytes(512);
      assertThat(field(h, 136, 12)).isEqualTo("00000000000\0");
    }
  }

  @Test
  void aFileThatGrowsOrShrinksWhileReadIsAnError() throws IOException {
    for (int change : new int[] {+10, -10}) {
      Path file = Files.write(tmp.resolve("c" + change), new byte[1000]);
      LayerPlan plan = new LayerPlan("c", List.of(LayerEntry.file("/c", file, 0644, 0, 0)));
      try (InputStream in = TarStream.open(plan, Instant.EPOCH)) {
        Files.write(file, new byte[1000 + change]);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
            .hasMessage(file + " changed while slim was reading it");
      }
    }
  }

  @Test
  void aFileOfUpToEightGibibytesIsTakenAndALargerOneRefused() throws IOException {
    Path largest = tmp.resolve("largest");
    Path larger = tmp.resolve("larger");
    try (RandomAccessFile a = new RandomAccessFile(largest.toFile(), "rw");
        RandomAccessFile b = new RandomAccessFile(larger.toFile(), "rw")) {
      a.setLength(077777777777L); // sparse: no disk used
      b.setLength(077777777777L + 1);
    }
    try (InputStream in = TarStream.open(new LayerPlan("l",
        List.of(LayerEntry.file("/l", largest, 0644, 0, 0))), Instant.EPOCH)) {
      assertThat(new TarArchiveEntry(in.readNBytes(512)).getSize()).isEqualTo(077777777777L);
    }
    assertThatThrownBy(() -> TarStream.open(new LayerPlan("l",
        List.of(LayerEntry.file("/l", larger, 0644, 0, 0))), Instant.EPOCH))
        .isInstanceOf(IOException.class)
        .hasMessage(larger + " is larger than a tar entry can hold (8 GiB)");
  }
}
