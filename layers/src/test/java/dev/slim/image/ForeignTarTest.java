package dev.slim.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForeignTarTest {

  static final String LONG = "usr/share/" + "deep-folder-name/".repeat(12) + "the-file-at-the-end";

  @TempDir Path dir;

  @Test
  void readsWhatTarStreamWritesIncludingASplitLongName() throws IOException {
    String name = "usr/" + "d".repeat(120) + "/app";
    byte[] tar = concat(TarStream.header(name, 0755, 0, 0, 5, 0, '0'), block("hello"),
        new byte[1024]);

    Map<String, String> read = readAll(tar);

    assertThat(read).containsExactly(Map.entry(name + " 0 5", "hello"));
  }

  @Test
  void readsGnuLongNamesFromGnuTar() throws Exception {
    Path archive = GnuTar.archive(dir, "gnu", Map.of(LONG, "gnu content"));

    Map<String, String> read = readAll(Files.readAllBytes(archive));

    assertThat(LONG.length()).isGreaterThan(155);
    assertThat(read).containsExactly(Map.entry(LONG + " 0 11", "gnu content"));
  }

  @Test
  void readsPaxPathRecordsFromPaxTar() throws Exception {
    String accents = "opt/" + "é".repeat(60) + "/naïve-name";
    Map<String, String> files = new LinkedHashMap<>();
    files.put(LONG, "pax content");
    files.put(accents, "accents");
    Path archive = GnuTar.archive(dir, "pax", files);

    Map<String, String> read = readAll(Files.readAllBytes(archive));

    assertThat(read).containsOnly(Map.entry(LONG + " 0 11", "pax content"),
        Map.entry(accents + " 0 7", "accents"));
  }

  @Test
  void readsABase256SizeAsGnuTarWritesItForFilesOver8GiB() throws IOException {
    byte[] header = TarStream.header("big", 0644, 0, 0, 0, 0, '0');
    Arrays.fill(header, 124, 136, (byte) 0);
    header[124] = (byte) 0x80;
    header[135] = 5;
    checksum(header);

    Map<String, String> read = readAll(concat(header, block("12345"), new byte[1024]));

    assertThat(read).containsExactly(Map.entry("big 0 5", "12345"));
  }

  @Test
  void readsDirectoriesAndSymlinksWithTheirTypes() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("t/bin"));
    Files.createSymbolicLink(tree.resolve("sh"), Path.of("busybox"));
    Path archive = dir.resolve("l.tar");
    Process tar = new ProcessBuilder("tar", "--format=gnu", "-cf", archive.toString(), "-C",
        dir.resolve("t").toString(), "bin").start();
    assertThat(tar.waitFor()).isZero();

    try (ForeignTar foreign = ForeignTar.stream(Files.newInputStream(archive))) {
      TarEntry folder = foreign.next();
      TarEntry link = foreign.next();
      assertThat(folder.type()).isEqualTo('5');
      assertThat(link.isSymlink()).isTrue();
      assertThat(link.name()).isEqualTo("bin/sh");
      assertThat(link.linkName()).isEqualTo("busybox");
      assertThat(foreign.next()).isNull();
    }
  }

  @Test
  void aTarEndingInsideAFileIsAnErrorNamingTheEntry() throws IOException {
    byte[] tar = concat(TarStream.header("app", 0755, 0, 0, 5000, 0, '0'), block("short"));

    assertThatThrownBy(() -> readAll(tar)).isInstanceOf(IOException.class)
        .hasMessage("not a tar archive, or a truncated one: it ends inside app");
  }

  @Test
  void randomAccessRefusesAnEntryThatRunsPastTheFile() throws IOException {
    Path file = Files.write(dir.resolve("cut.tar"),
        concat(TarStream.header("layer.tar", 0644, 0, 0, 1 << 20, 0, '0'), block("x")));

    assertThatThrownBy(() -> ForeignTar.random(file, (entries, content) -> entries))
        .isInstanceOf(IOException.class)
        .hasMessage("not a tar archive, or a truncated one");
  }

  @Test
  void randomAccessRefusesMoreEntriesThanItKeeps() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < 11; i++) {
      files.put("e" + i, "");
    }
    Path archive = GnuTar.archive(dir, "gnu", files);

    List<TarEntry> kept = ForeignTar.random(archive, 11, (entries, content) -> entries);
    assertThat(kept).hasSize(11);
    assertThatThrownBy(() -> ForeignTar.random(archive, 10, (entries, content) -> entries))
        .isInstanceOf(IOException.class)
        .hasMessage("not an image archive: it holds more than 10 entries");
  }

  @Test
  void randomAccessOpensAnyEntryInAnyOrder() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("a.json", "first");
    files.put(LONG, "second");
    Path archive = GnuTar.archive(dir, "pax", files);

    List<String> read = ForeignTar.random(archive, (entries, content) -> {
      assertThat(entries).extracting(TarEntry::name).containsExactly("a.json", LONG);
      try (InputStream last = content.open(entries.get(1));
          InputStream first = content.open(entries.get(0))) {
        return List.of(text(last), text(first));
      }
    });

    assertThat(read).containsExactly("second", "first");
  }

  @Test
  void garbageIsNotATarArchive() {
    byte[] garbage = new byte[1024];
    Arrays.fill(garbage, (byte) 'z');

    assertThatThrownBy(() -> readAll(garbage)).isInstanceOf(IOException.class)
        .hasMessageStartingWith("not a tar archive, or a damaged one");
  }

  /** Every entry as "name type size" to its content. */
  static Map<String, String> readAll(byte[] tar) throws IOException {
    Map<String, String> read = new LinkedHashMap<>();
    try (ForeignTar foreign = ForeignTar.stream(new ByteArrayInputStream(tar))) {
      for (TarEntry e = foreign.next(); e != null; e = foreign.next()) {
        read.put(e.name() + " " + e.type() + " " + e.size(), text(foreign.content()));
      }
    }
    return read;
  }

  private static String text(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static byte[] block(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(bytes, (bytes.length + 511) / 512 * 512);
  }

  private static void checksum(byte[] header) {
    Arrays.fill(header, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    byte[] octal = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(octal, 0, header, 148, 8);
  }

  private static byte[] concat(byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part);
    }
    return out.toByteArray();
  }
}
