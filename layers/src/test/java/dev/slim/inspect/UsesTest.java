package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Uses} reads Go function names from the binary's name table. */
class UsesTest {

  @TempDir Path tmp;

  /** Writes NUL-separated names over the start of the hello fixture's .gopclntab. */
  private Path withNamesInTable(String... names) throws Exception {
    ElfPatch binary = ElfPatch.of("go-hello-linux-amd64");
    int at = binary.sectionOffset(".gopclntab") + 64;
    for (String name : names) {
      byte[] bytes = ("\0" + name + "\0").getBytes(StandardCharsets.ISO_8859_1);
      System.arraycopy(bytes, 0, binary.bytes, at, bytes.length);
      at += bytes.length;
    }
    return write(binary.bytes, "app");
  }

  private Path write(byte[] bytes, String name) throws Exception {
    return Files.write(tmp.resolve(name), bytes);
  }

  private static Uses uses(Path file) throws Exception {
    return Uses.of(Inspector.inspect(file));
  }

  @Test
  void helloWorldUsesNothing() throws Exception {
    assertThat(uses(Fixtures.path("go-hello-linux-amd64"))).isEqualTo(Uses.NOTHING);
  }

  @Test
  void findsZonesAndRootsInARealBinary() throws Exception {
    assertThat(uses(Fixtures.path("go-needs-linux-amd64")))
        .isEqualTo(new Uses(true, false, true, false));
  }

  @Test
  void findsThemInAPieToo() throws Exception {
    // a Go PIE keeps the names in .data.rel.ro.gopclntab
    ElfPatch pie = ElfPatch.of("go-needs-pie-linux-amd64");
    assertThat(pie.sectionSize(".data.rel.ro.gopclntab")).isPositive();
    assertThat(uses(Fixtures.path("go-needs-pie-linux-amd64")))
        .isEqualTo(new Uses(true, false, true, false));
  }

  @Test
  void notGoIsNothingWithoutReadingIt() throws Exception {
    assertThat(uses(Fixtures.path("c-musl-static"))).isEqualTo(Uses.NOTHING);
  }

  @Test
  void findsEachNameInTheTable() throws Exception {
    assertThat(uses(withNamesInTable("crypto/x509.(*CertPool).AppendCertsFromPEM")))
        .isEqualTo(new Uses(true, false, false, false));
    assertThat(uses(withNamesInTable("crypto/x509.ParseCertificate",
        "golang.org/x/crypto/x509roots/fallback.init", "time.LoadLocation",
        "time/tzdata.registerLoadFromEmbeddedTZData")))
        .isEqualTo(new Uses(true, true, true, true));
  }

  @Test
  void readsOnlyTheTableWhenTheBinaryHasOne() throws Exception {
    // bytes after the last section (a payload appended to the binary) are not function names
    byte[] bytes = Fixtures.bytes("go-hello-linux-amd64");
    byte[] tail = "\0time.LoadLocation\0".getBytes(StandardCharsets.ISO_8859_1);
    byte[] appended = java.util.Arrays.copyOf(bytes, bytes.length + tail.length);
    System.arraycopy(tail, 0, appended, bytes.length, tail.length);
    assertThat(uses(write(appended, "appended"))).isEqualTo(Uses.NOTHING);
  }

  @Test
  void scansTheWholeFileWhenSectionHeadersAreGone() throws Exception {
    ElfPatch binary = ElfPatch.of("go-hello-linux-amd64");
    int table = binary.sectionOffset(".gopclntab");
    byte[] name = "\0time.LoadLocation\0".getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(name, 0, binary.bytes, table + 64, name.length);
    binary.put64(ElfPatch.E_SHOFF, 0).put16(ElfPatch.E_SHNUM, 0).put16(ElfPatch.E_SHSTRNDX, 0);
    Path file = write(binary.bytes, "sstripped");
    assertThat(Inspector.inspect(file).go()).as("build info found without sections").isNotNull();
    assertThat(uses(file).timeZones()).isTrue();
  }

  @Test
  void findsANameThatCrossesAChunkBoundary() throws Exception {
    byte[] bytes = Fixtures.bytes("go-hello-linux-amd64");
    byte[] name = "time.LoadLocation".getBytes(StandardCharsets.ISO_8859_1);
    byte[] file = new byte[Uses.CHUNK * 2];
    System.arraycopy(bytes, 0, file, 0, bytes.length);
    System.arraycopy(name, 0, file, Uses.CHUNK - 5, name.length);
    try (var channel = java.nio.channels.FileChannel.open(write(file, "big"))) {
      ByteSource source = new ByteSource(channel, file.length);
      assertThat(Uses.scan(source, 0, file.length).timeZones()).isTrue();
      assertThat(Uses.scan(source, 0, Uses.CHUNK - 1).timeZones()).isFalse();
    }
  }
}
