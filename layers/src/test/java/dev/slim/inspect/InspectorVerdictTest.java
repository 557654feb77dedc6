package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectorVerdictTest {

  static final String STATIC_MESSAGE =
      "statically linked: needs no loader and no shared libraries, so it runs on a scratch image";
  static final String GLIBC_DYNAMIC_MESSAGE =
      "dynamically linked: needs the loader /lib64/ld-linux-x86-64.so.2 and libc.so.6;"
          + " a scratch image would fail with 'exec /app: no such file or directory'";
  static final String LIBRARY_HINT =
      "slim packages programs: give it the executable that uses this library, linked statically";

  @Test
  void acceptsStaticGoBinary() throws Exception {
    Inspection inspection = Fixtures.inspect("go-hello-linux-amd64");

    assertThat(inspection.kind()).isEqualTo(Kind.STATIC);
    assertThat(inspection.isStatic()).isTrue();
    assertThat(inspection.message()).isEqualTo(STATIC_MESSAGE);
    assertThat(inspection.hint()).isNull();
    assertThat(inspection.interpreter()).isNull();
    assertThat(inspection.needed()).isEmpty();
    assertThat(inspection.format()).isEqualTo("ELF 64-bit LSB");
    assertThat(inspection.toolchain()).isEqualTo(Toolchain.GO);
    assertThat(inspection.fileSize())
        .isEqualTo(Files.size(Fixtures.path("go-hello-linux-amd64")));
    assertThat(inspection.file()).isEqualTo(Fixtures.path("go-hello-linux-amd64"));
  }

  @Test
  void acceptsMuslStaticCBinary() {
    Inspection inspection = Fixtures.inspect("c-musl-static");

    assertThat(inspection.kind()).isEqualTo(Kind.STATIC);
    assertThat(inspection.message()).isEqualTo(STATIC_MESSAGE);
    assertThat(inspection.toolchain()).isEqualTo(Toolchain.C);
    assertThat(inspection.go()).isNull();
  }

  @Test
  void acceptsStaticPie() {
    Inspection inspection = Fixtures.inspect("c-static-pie");

    assertThat(inspection.kind()).isEqualTo(Kind.STATIC_PIE);
    assertThat(inspection.isStatic()).isTrue();
    assertThat(inspection.message()).isEqualTo("static-pie: position-independent, but needs no"
        + " loader and no shared libraries, so it runs on a scratch image");
    assertThat(inspection.hint()).isNull();
    assertThat(inspection.needed()).isEmpty();
  }

  @Test
  void rejectsGlibcDynamicCBinaryNamingLoaderAndLibc() {
    Inspection inspection = Fixtures.inspect("c-dynamic");

    assertThat(inspection.kind()).isEqualTo(Kind.DYNAMIC);
    assertThat(inspection.isStatic()).isFalse();
    assertThat(inspection.interpreter()).isEqualTo("/lib64/ld-linux-x86-64.so.2");
    assertThat(inspection.needed()).containsExactly("libc.so.6");
    assertThat(inspection.message()).isEqualTo(GLIBC_DYNAMIC_MESSAGE);
    assertThat(inspection.toolchain()).isEqualTo(Toolchain.C);
    assertThat(inspection.hint()).isEqualTo("link statically: gcc -static, or musl-gcc -static");
  }

  @Test
  void rejectsCgoBinaryWithGoHint() {
    Inspection inspection = Fixtures.inspect("go-cgo-dynamic-linux-amd64");

    assertThat(inspection.kind()).isEqualTo(Kind.DYNAMIC);
    assertThat(inspection.message()).isEqualTo(GLIBC_DYNAMIC_MESSAGE);
    assertThat(inspection.toolchain()).isEqualTo(Toolchain.GO);
    assertThat(inspection.hint())
        .isEqualTo("rebuild with CGO_ENABLED=0 (e.g. CGO_ENABLED=0 go build ...)");
    assertThat(inspection.go().setting("CGO_ENABLED")).isEqualTo("1");
  }

  @Test
  void rejectsSharedLibraryWithoutEntryPoint() {
    Inspection inspection = Fixtures.inspect("libhello.so");

    assertThat(inspection.kind()).isEqualTo(Kind.SHARED_LIBRARY);
    assertThat(inspection.isStatic()).isFalse();
    assertThat(inspection.message())
        .isEqualTo("a shared library, not an executable: it has no entry point");
    assertThat(inspection.hint()).isEqualTo(LIBRARY_HINT);
    assertThat(inspection.needed()).containsExactly("libc.so.6");
    assertThat(inspection.interpreter()).isNull();
  }

  @Test
  void treatsLibraryWithEntryPointButNoPieFlagAsLibrary() {
    ElfPatch library = ElfPatch.of("libhello.so").put64(ElfPatch.E_ENTRY, 0x1000);

    Inspection inspection = library.inspect();

    assertThat(inspection.kind()).isEqualTo(Kind.SHARED_LIBRARY);
    assertThat(inspection.message()).isEqualTo("a shared library, not an executable: nothing"
        + " marks it as an executable (no PT_INTERP, no DF_1_PIE flag)");
  }

  @Test
  void treatsLibraryWithSonameAsLibrary() {
    ElfPatch library = ElfPatch.of("libhello.so").put64(ElfPatch.E_ENTRY, 0x1000);
    library.put64(library.dynamicEntry(ElfPatch.DT_NEEDED), 14); // DT_NEEDED -> DT_SONAME

    Inspection inspection = library.inspect();

    assertThat(inspection.kind()).isEqualTo(Kind.SHARED_LIBRARY);
    assertThat(inspection.message()).isEqualTo(
        "a shared library (libc.so.6), not an executable: it has a soname and no DF_1_PIE flag");
  }

  @Test
  void treatsStaticPieWithoutPieFlagAsLibrary() {
    ElfPatch pie = ElfPatch.of("c-static-pie");
    pie.put64(pie.dynamicEntry(ElfPatch.DT_FLAGS_1) + 8, 0);

    assertThat(pie.inspect().kind()).isEqualTo(Kind.SHARED_LIBRARY);
  }

  @Test
  void treatsFileWithEntryPointAndPieFlagAsExecutable() {
    ElfPatch library = ElfPatch.of("libhello.so").put64(ElfPatch.E_ENTRY, 0x1000);
    int entry = library.dynamicEntry(ElfPatch.DT_NEEDED);
    library.put64(entry, ElfPatch.DT_FLAGS_1).put64(entry + 8, 0x08000000L); // DF_1_PIE

    assertThat(library.inspect().kind()).isEqualTo(Kind.STATIC_PIE);
  }

  @Test
  void rejectsExecutableThatNeedsLibrariesButNamesNoLoader() {
    ElfPatch binary = ElfPatch.of("c-dynamic");
    binary.put32(binary.programHeader(ElfPatch.PT_INTERP), 0); // PT_INTERP -> PT_NULL

    Inspection inspection = binary.inspect();

    assertThat(inspection.kind()).isEqualTo(Kind.DYNAMIC);
    assertThat(inspection.interpreter()).isNull();
    assertThat(inspection.message()).isEqualTo("dynamically linked: needs libc.so.6 but names no"
        + " loader (no PT_INTERP), so it cannot start on a scratch image");
  }

  @Test
  void rejectsObjectFile() {
    Inspection inspection = ElfPatch.of("c-musl-static").put16(ElfPatch.E_TYPE, 1).inspect();

    assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
    assertThat(inspection.message()).isEqualTo("an object file (ET_REL), not an executable");
    assertThat(inspection.hint()).isEqualTo("link it into a program first, statically");
    assertThat(inspection.format()).isEqualTo("ELF 64-bit LSB");
    assertThat(inspection.platform()).hasToString("linux/amd64");
  }

  @Test
  void rejectsCoreDump() {
    Inspection inspection = ElfPatch.of("c-musl-static").put16(ElfPatch.E_TYPE, 4).inspect();

    assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
    assertThat(inspection.message()).isEqualTo("a core dump (ET_CORE), not an executable");
  }

  @Test
  void rejectsElfOfUnknownType() {
    Inspection inspection = ElfPatch.of("c-musl-static").put16(ElfPatch.E_TYPE, 0).inspect();

    assertThat(inspection.message())
        .isEqualTo("an ELF file of type 0x0, neither an executable nor a shared library");
  }

  @Test
  void rejectsSeparateDebugInfoFile() {
    ElfPatch debugInfo = ElfPatch.of("c-dynamic");
    debugInfo.put32(debugInfo.sectionHeader(".text") + 4, 8); // SHT_NOBITS, as objcopy leaves it

    Inspection inspection = debugInfo.inspect();

    assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
    assertThat(inspection.message()).isEqualTo(
        "a separate debug-info file (its .text has no bytes), not the executable");
  }

  @Test
  void givesRustHintWhenCommentNamesRustc() {
    Inspection inspection = ElfPatch.of("c-dynamic")
        .replaceText("GCC: (Debian 12.2.0-14+deb12u1) 12.2.0", "rustc version 1.80.0")
        .inspect();

    assertThat(inspection.toolchain()).isEqualTo(Toolchain.RUST);
    assertThat(inspection.hint()).isEqualTo("build with RUSTFLAGS='-C target-feature=+crt-static'"
        + " or the x86_64-unknown-linux-musl target");
  }

  @Test
  void recognisesClangAsC() {
    Inspection inspection = ElfPatch.of("c-dynamic")
        .replaceText("GCC: (Debian 12.2.0-14+deb12u1) 12.2.0", "Debian clang version 14.0.6")
        .inspect();

    assertThat(inspection.toolchain()).isEqualTo(Toolchain.C);
  }

  @Test
  void givesGenericHintWhenToolchainIsUnknown() {
    Inspection inspection = ElfPatch.of("c-dynamic")
        .replaceText("GCC: (Debian 12.2.0-14+deb12u1) 12.2.0", "")
        .inspect();

    assertThat(inspection.toolchain()).isEqualTo(Toolchain.UNKNOWN);
    assertThat(inspection.hint()).isEqualTo("link it statically so that it needs no loader and no"
        + " shared libraries (Go: CGO_ENABLED=0; C: gcc -static or musl-gcc -static)");
  }

  @Test
  void readsExtendedProgramAndSectionCounts() {
    ElfPatch binary = ElfPatch.of("go-hello-linux-amd64-unstripped");
    int zero = (int) binary.u64(ElfPatch.E_SHOFF);
    long phnum = binary.u16(ElfPatch.E_PHNUM);
    long shnum = binary.u16(ElfPatch.E_SHNUM);
    long shstrndx = binary.u16(ElfPatch.E_SHSTRNDX);
    // ELF extended numbering: the real counts move to section 0 (sh_size, sh_link, sh_info).
    binary.put64(zero + 32, shnum).put32(zero + 40, shstrndx).put32(zero + 44, phnum);
    binary.put16(ElfPatch.E_PHNUM, 0xffff).put16(ElfPatch.E_SHNUM, 0)
        .put16(ElfPatch.E_SHSTRNDX, 0xffff);

    Inspection inspection = binary.inspect();

    assertThat(inspection).usingRecursiveComparison().ignoringFields("file")
        .isEqualTo(Fixtures.inspect("go-hello-linux-amd64-unstripped"));
  }

  @Test
  void rejectsScriptNamingItsInterpreter() {
    Inspection inspection = Fixtures.inspect("script.sh");

    assertThat(inspection.kind()).isEqualTo(Kind.REJECTED);
    assertThat(inspection.message()).isEqualTo("a script, not a binary: it needs the interpreter"
        + " /bin/sh, which a scratch image does not have");
    assertThat(inspection.format()).isNull();
    assertThat(inspection.platform()).isNull();
  }

  @Test
  void throwsNoSuchFileOnlyForMissingPath(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-binary");

    assertThatThrownBy(() -> Inspector.inspect(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("no-such-binary");
  }

  @Test
  void inspectsInMemoryLikeOnDisk() {
    Inspection onDisk = Fixtures.inspect("c-dynamic");
    Inspection inMemory = Fixtures.inspect(Fixtures.bytes("c-dynamic"), "c-dynamic");

    assertThat(inMemory).usingRecursiveComparison().ignoringFields("file").isEqualTo(onDisk);
  }
}
