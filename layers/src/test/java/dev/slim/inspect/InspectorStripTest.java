package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class InspectorStripTest {

  @Test
  void reportsDebugAndSymbolBytesOfUnstrippedGoBinary() throws Exception {
    Inspection inspection = Fixtures.inspect("go-hello-linux-amd64-unstripped");
    long strippedSize = Files.size(Fixtures.path("go-hello-linux-amd64"));

    assertThat(inspection.stripped()).isFalse();
    assertThat(inspection.debugBytes()).isPositive();
    assertThat(inspection.stripSavingBytes()).isGreaterThan(inspection.debugBytes());
    // -s -w drops exactly these sections; the rest of the difference is page alignment.
    assertThat(inspection.fileSize() - strippedSize)
        .isBetween(inspection.stripSavingBytes(), inspection.stripSavingBytes() + 4096);
    assertThat(inspection.stripHint()).isEqualTo("rebuild with -ldflags=\"-s -w\"");
    assertThat(inspection.kind()).isEqualTo(Kind.STATIC);
  }

  @Test
  void reportsNothingToStripInStrippedBinary() {
    Inspection inspection = Fixtures.inspect("go-hello-linux-amd64");

    assertThat(inspection.stripped()).isTrue();
    assertThat(inspection.debugBytes()).isZero();
    assertThat(inspection.stripSavingBytes()).isZero();
    assertThat(inspection.stripHint()).isNull();
  }

  @Test
  void countsDebugAndSymbolSectionsOfCBinary() {
    ElfPatch binary = ElfPatch.of("c-dynamic")
        .renameSection(".note.ABI-tag", ".symtab")
        .renameSection(".note.gnu.build-id", ".debug_info");
    long symtab = binary.sectionSize(".symtab");
    long debug = binary.sectionSize(".debug_info");

    Inspection inspection = binary.inspect();

    assertThat(inspection.stripped()).isFalse();
    assertThat(inspection.debugBytes()).isEqualTo(debug);
    assertThat(inspection.stripSavingBytes()).isEqualTo(debug + symtab);
    assertThat(inspection.stripHint()).isEqualTo("link with -s, or run strip");
  }

  @Test
  void countsCompressedDebugSections() {
    ElfPatch binary = ElfPatch.of("c-dynamic").renameSection(".note.gnu.build-id", ".zdebug_x");

    assertThat(binary.inspect().debugBytes()).isEqualTo(binary.sectionSize(".zdebug_x"));
  }

  @Test
  void givesCargoStripHintForRust() {
    Inspection inspection = ElfPatch.of("c-dynamic")
        .renameSection(".note.ABI-tag", ".symtab")
        .replaceText("GCC: (Debian 12.2.0-14+deb12u1) 12.2.0", "rustc version 1.80.0")
        .inspect();

    assertThat(inspection.stripHint()).isEqualTo("set strip = true in the Cargo profile");
  }
}
