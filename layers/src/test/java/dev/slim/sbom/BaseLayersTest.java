package dev.slim.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseLayersTest {

  @TempDir Path dir;

  private static void entry(OutputStream out, String name, String content) throws IOException {
    byte[] data = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
    byte[] header = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, header, 0, n.length);
    put(header, 100, String.format("%07o", 0644));
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", data.length));
    put(header, 136, "00000000000");
    header[156] = (byte) (content == null ? '5' : '0');
    put(header, 257, "ustar");
    put(header, 263, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    out.write(header);
    out.write(data);
    out.write(new byte[(512 - data.length % 512) % 512]);
  }

  private static void put(byte[] header, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, off, b.length);
  }

  private Path layer(String file, String... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < entries.length; i += 2) {
        entry(gz, entries[i], entries[i + 1]);
      }
      gz.write(new byte[1024]);
    }
    Path p = dir.resolve(file);
    Files.write(p, bytes.toByteArray());
    return p;
  }

  @Test
  void listsFilesOfAllLayersWithWhiteoutsApplied() throws Exception {
    Path lower = layer("1.tar.gz", "etc/", null, "etc/passwd", "root:x:0:0\n", "tmp/old", "x");
    Path upper = layer("2.tar.gz", "tmp/.wh.old", "", "etc/group", "root:x:0:\n");
    BaseLayers.Contents c = BaseLayers.read(List.of(lower, upper));
    assertThat(c.files()).extracting(SbomRequest.BaseFile::path)
        .containsExactly("/etc/group", "/etc/passwd");
    assertThat(c.files().get(1).sha256()).hasSize(64);
    assertThat(c.packages()).isEmpty();
  }

  @Test
  void readsAlpinePackagesFromTheApkDatabase() throws Exception {
    Path layer = layer("a.tar.gz", "lib/apk/db/installed",
        "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\n\nP:busybox\nV:1.36.1-r15\nA:x86_64\n");
    BaseLayers.Contents c = BaseLayers.read(List.of(layer));
    assertThat(c.packages()).extracting(SbomRequest.BasePackage::purl).containsExactly(
        "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64",
        "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64");
  }
}
