package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InspectorMalformedInputTest {

  static final String MACH_O = "a macOS Mach-O binary; build for Linux, e.g. GOOS=linux";

  @TempDir Path dir;

  @Test
  void rejectsEmptyFile() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty"));

    Inspection inspection = Inspector.inspect(empty);

    assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
    assertThat(inspection.message()).isEqualTo("an empty file (0 bytes), not a binary");
    assertThat(inspection.fileSize()).isZero();
  }

  @Test
  void rejectsDirectory() throws Exception {
    Inspection inspection = Inspector.inspect(dir);

    assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
    assertThat(inspection.message()).isEqualTo("a directory, not a binary");
  }

  @Test
  @Timeout(120)
  void rejectsUnreadableFile() throws Exception {
    Path secret = Files.write(dir.resolve("secret"), Fixtures.bytes("c-musl-static"));
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("-w-------"));
    String expected = "cannot read the file: permission denied";
    if (!Files.isReadable(secret)) {
      Inspection inspection = Inspector.inspect(secret);

      assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
      assertThat(inspection.message()).isEqualTo(expected);
      return;
    }
    // Root (or CAP_DAC_OVERRIDE) reads the file anyway: ask as an unprivileged user instead.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    String seen = InspectAsAnotherUser.inspect(secret);
    if (seen == null) {
      String why = "running as root and no setpriv to inspect as another user";
      if (System.getenv("CI") != null) {
        throw new AssertionError(why + "; CI must run this check");
      }
      System.out.println("skipped rejectsUnreadableFile: " + why);
      Assumptions.abort(why);
    }

    assertThat(seen).isEqualTo("REJECTED: " + expected);
  }

  @Test
  void rejectsWindowsExecutable() throws Exception {
    Inspection inspection = inspect(bytes("MZ", 0x90, 0, 3, 0, 0, 0, 4, 0));

    assertThat(inspection.message())
        .isEqualTo("a Windows PE executable; slim needs a Linux ELF binary (GOOS=linux)");
    assertThat(inspection.format()).isNull();
  }

  @ParameterizedTest(name = "magic {0}")
  @ValueSource(strings = {"feedface", "feedfacf", "cefaedfe", "cffaedfe", "cafebabe00000002"})
  void rejectsMachO(String magic) throws Exception {
    assertThat(inspect(hex(magic + "0000000c00000000")).message()).isEqualTo(MACH_O);
  }

  @Test
  void tellsJavaClassFileFromFatMachO() throws Exception {
    assertThat(inspect(hex("cafebabe0000003d000a0a00")).message())
        .isEqualTo("a Java class file, not a native binary; slim needs a Linux ELF binary");
  }

  @Test
  void rejectsShebangScriptWithEnv() throws Exception {
    Inspection inspection = inspect("#! /usr/bin/env python3\nprint(1)\n"
        .getBytes(StandardCharsets.US_ASCII));

    assertThat(inspection.message()).isEqualTo("a script, not a binary: it needs the interpreter"
        + " /usr/bin/env python3, which a scratch image does not have");
  }

  @Test
  void rejectsTextAndUnknownBytes() throws Exception {
    assertThat(inspect("hello\n".getBytes(StandardCharsets.US_ASCII)).message())
        .isEqualTo("a text file, not a binary; slim needs a Linux ELF binary");
    assertThat(inspect(hex("00010203ff")).message())
        .isEqualTo("not an ELF binary: it starts with 00 01 02 03 where an ELF file has"
            + " 7f 45 4c 46");
    assertThat(inspect(hex("504b0304140000")).message())
        .isEqualTo("a zip archive (a jar?), not a binary; slim needs a Linux ELF binary");
  }

  @Test
  void rejectsElfMagicAlone() throws Exception {
    Inspection inspection = inspect(hex("7f454c46"));

    assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
    assertThat(inspection.message())
        .isEqualTo("truncated ELF: the file ends at byte 4 but the ELF header ends at 64");
  }

  @Test
  void rejectsUnknownElfClass() throws Exception {
    byte[] header = Arrays.copyOf(Fixtures.bytes("c-musl-static"), 64);
    header[4] = 3;

    assertThat(inspect(header).message())
        .isEqualTo("malformed ELF: EI_CLASS is 3, neither 1 (32-bit) nor 2 (64-bit)");
  }

  @Test
  void rejectsAbsurdProgramHeaderCount() throws Exception {
    Inspection inspection = inspect(ElfPatch.of("go-hello-linux-amd64")
        .put16(ElfPatch.E_PHNUM, 0xfffe).bytes);

    assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
    assertThat(inspection.message()).isEqualTo("malformed ELF: 65534 program headers (e_phnum) is"
        + " more than Linux loads: at most 1170 of 56 bytes");
    assertThat(inspection.format()).isEqualTo("ELF 64-bit LSB");
  }

  @Test
  void rejectsAbsurdProgramHeaderOffset() throws Exception {
    Inspection inspection = inspect(ElfPatch.of("go-hello-linux-amd64")
        .put64(ElfPatch.E_PHOFF, 0x7fffffffffff0000L).bytes);

    assertThat(inspection.message()).isEqualTo("malformed ELF: the program headers lie at offset"
        + " 0x7fffffffffff0000 with size 0x188, beyond the end of the file (1212416 bytes)");
  }

  @Test
  void rejectsNegativeSectionHeaderOffset() throws Exception {
    Inspection inspection = inspect(ElfPatch.of("go-hello-linux-amd64")
        .put64(ElfPatch.E_SHOFF, 0xffffffffffffff00L).bytes);

    assertThat(inspection.message()).isEqualTo("malformed ELF: the section headers lie at offset"
        + " 0xffffffffffffff00 with size 0x380, beyond the end of the file (1212416 bytes)");
  }

  @Test
  void rejectsSectionOfImpossibleSize() throws Exception {
    ElfPatch binary = ElfPatch.of("go-hello-linux-amd64-unstripped");
    binary.put64(binary.sectionHeader(".strtab") + 32, 0x8fffffffffffffffL);

    Inspection inspection = inspect(binary.bytes);

    assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
    assertThat(inspection.message()).isEqualTo("malformed ELF: section 22 (.strtab) lies at"
        + " offset 0x1afb48 with size 0x8fffffffffffffff, beyond the end of the file (1814172"
        + " bytes)");
  }

  @Test
  void ignoresReservedSectionZero() throws Exception {
    ElfPatch binary = ElfPatch.of("c-dynamic");
    int zero = (int) binary.u64(ElfPatch.E_SHOFF);
    binary.put32(zero, binary.u32(binary.sectionHeader(".comment"))); // named .comment
    binary.put32(zero + 4, 1).put64(zero + 24, -1L).put64(zero + 32, -1L);

    Inspection inspection = inspect(binary.bytes);

    assertThat(inspection.kind()).isEqualTo(Kind.DYNAMIC);
    assertThat(inspection.toolchain()).isEqualTo(Toolchain.C);
  }

  @Test
  void reportsProgramHeadersPastTheEndAsTruncation() throws Exception {
    Inspection inspection = inspect(ElfPatch.of("go-hello-linux-amd64")
        .put64(ElfPatch.E_PHOFF, 1212416 - 100).bytes);

    assertThat(inspection.message()).isEqualTo(
        "truncated ELF: the file ends at byte 1212416 but the program headers end at 1212708");
  }

  @Test
  void reportsCutFileAsTruncated() throws Exception {
    byte[] cut = Arrays.copyOf(Fixtures.bytes("go-hello-linux-amd64"), 100_000);

    Inspection inspection = inspect(cut);

    assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
    assertThat(inspection.message()).isEqualTo(
        "truncated ELF: the file ends at byte 100000 but segment 2 (PT_LOAD) ends at 528429");
    assertThat(inspection.platform()).hasToString("linux/amd64");
  }

  @Test
  void rejectsWrongProgramHeaderEntrySize() throws Exception {
    Inspection inspection = inspect(ElfPatch.of("c-musl-static").put16(ElfPatch.E_PHENTSIZE, 32)
        .bytes);

    assertThat(inspection.message())
        .isEqualTo("malformed ELF: e_phentsize is 32, expected 56 for a 64-bit ELF");
  }

  @Test
  void rejectsSectionNameTableIndexOutOfRange() throws Exception {
    Inspection inspection = inspect(ElfPatch.of("c-dynamic").put16(ElfPatch.E_SHSTRNDX, 29).bytes);

    assertThat(inspection.message())
        .isEqualTo("malformed ELF: e_shstrndx 29 is not a section: there are only 29");
  }

  @Test
  void rejectsStringTableOutsideEverySegment() throws Exception {
    ElfPatch binary = ElfPatch.of("c-dynamic");
    binary.put64(binary.dynamicEntry(ElfPatch.DT_STRTAB) + 8, 0xdeadbeefL);

    Inspection inspection = inspect(binary.bytes);

    assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
    assertThat(inspection.message()).isEqualTo(
        "malformed ELF: DT_STRTAB 0xdeadbeef is not inside any loadable segment");
  }

  @Test
  void rejectsNeededNameOutsideStringTable() throws Exception {
    ElfPatch binary = ElfPatch.of("c-dynamic");
    binary.put64(binary.dynamicEntry(ElfPatch.DT_NEEDED) + 8, 99_999);

    assertThat(inspect(binary.bytes).message()).isEqualTo("malformed ELF: DT_NEEDED name at offset"
        + " 99999 is outside the string table (141 bytes)");
  }

  @Test
  void rejectsInterpreterWithoutTerminator() throws Exception {
    ElfPatch binary = ElfPatch.of("c-dynamic");
    int interp = binary.programHeader(ElfPatch.PT_INTERP);
    binary.bytes[(int) binary.u64(interp + 8) + (int) binary.u64(interp + 32) - 1] = 'x';

    assertThat(inspect(binary.bytes).message())
        .isEqualTo("malformed ELF: the PT_INTERP path is not NUL-terminated");
  }

  private Inspection inspect(byte[] content) throws Exception {
    return Inspector.inspect(Files.write(dir.resolve("input"), content));
  }

  private static byte[] bytes(String prefix, int... rest) {
    byte[] bytes = Arrays.copyOf(prefix.getBytes(StandardCharsets.US_ASCII),
        prefix.length() + rest.length);
    for (int i = 0; i < rest.length; i++) {
      bytes[prefix.length() + i] = (byte) rest[i];
    }
    return bytes;
  }

  private static byte[] hex(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}
