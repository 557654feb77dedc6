package dev.slim.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One inspection of one file: reads what the verdict needs, in order, and remembers what it has
 * learned so far so that a rejection late in the file still reports the format and platform.
 */
final class ElfAnalysis {

  static final int HEAD_BYTES = 512;
  static final int MAX_NOTE_SECTION_BYTES = 64 * 1024;
  static final int MAX_SYMBOL_NAME_BYTES = 256 * 1024;

  private static final String SCRATCH_FAILURE =
      "a scratch image would fail with 'exec /app: no such file or directory'";
  private static final String LIBRARY_HINT =
      "slim packages programs: give it the executable that uses this library, linked statically";

  private final Path file;
  private final ByteSource source;
  private String format;
  private Platforms.Guess platform;

  ElfAnalysis(Path file, ByteSource source) {
    this.file = file;
    this.source = source;
  }

  Inspection rejected(String message, String hint) {
    return Inspection.rejected(file, source.size(), format, platform, message, hint);
  }

  Inspection run() throws ElfException, IOException {
    byte[] head = source.readUpTo(0, HEAD_BYTES);
    String notElf = NonElf.reason(head);
    if (notElf != null) {
      return rejected(notElf, null);
    }
    ElfHeader header = ElfHeader.parse(head, source.size());
    format = header.format();
    platform = Platforms.of(header, null, null);
    switch (header.type()) {
      case ElfHeader.ET_EXEC, ElfHeader.ET_DYN -> { }
      case ElfHeader.ET_REL -> {
        return rejected("an object file (ET_REL), not an executable",
            "link it into a program first, statically");
      }
      case ElfHeader.ET_CORE -> {
        return rejected("a core dump (ET_CORE), not an executable", null);
      }
      default -> {
        return rejected("an ELF file of type " + Decode.hex(header.type())
            + ", neither an executable nor a shared library", null);
      }
    }

    ElfFile elf = ElfFile.load(header, source);
    Section text = elf.section(".text");
    if (text != null && text.type() == Section.SHT_NOBITS) {
      return rejected("a separate debug-info file (its .text has no bytes), not the executable",
          "inspect the binary itself, not the file objcopy --only-keep-debug made from it");
    }
    DynamicInfo dynamic = DynamicInfo.read(elf, source);
    GoBuildInfo go = GoBuildInfoReader.read(elf, source);
    Toolchain toolchain = toolchain(elf, go);
    platform = Platforms.of(header, armVariant(elf), go);

    boolean stripped = elf.section(".symtab") == null;
    long debugBytes = 0;
    long symbolBytes = 0;
    for (Section section : elf.sections()) {
      String name = section.name();
      if (name.startsWith(".debug_") || name.startsWith(".zdebug_")) {
        debugBytes += section.fileBytes();
      } else if (name.equals(".symtab") || name.equals(".strtab")) {
        symbolBytes += section.fileBytes();
      }
    }

    Kind kind;
    String message;
    String hint = null;
    String libraryReason = header.type() == ElfHeader.ET_DYN ? libraryReason(header, dynamic)
        : null;
    if (libraryReason != null) {
      kind = Kind.SHARED_LIBRARY;
      message = "a shared library"
          + (dynamic.soname() == null ? "" : " (" + Decode.printable(dynamic.soname()) + ")")
          + ", not an executable: " + libraryReason;
      hint = LIBRARY_HINT;
    } else if (dynamic.interpreter() != null || !dynamic.needed().isEmpty()) {
      kind = Kind.DYNAMIC;
      message = dynamicMessage(dynamic);
      hint = toolchain.linkHint(platform.platform());
    } else if (header.type() == ElfHeader.ET_EXEC) {
      kind = Kind.STATIC;
      message = "statically linked: needs no loader and no shared libraries,"
          + " so it runs on a scratch image";
    } else {
      kind = Kind.STATIC_PIE;
      message = "static-pie: position-independent, but needs no loader and no shared libraries,"
          + " so it runs on a scratch image";
    }
    return new Inspection(file, source.size(), kind, format, platform.platform(), platform.note(),
        dynamic.interpreter(), dynamic.needed(), stripped, debugBytes, debugBytes + symbolBytes,
        toolchain, go, message, hint, stripped ? null : toolchain.stripHint(),
        go == null ? null : GoBuildId.read(elf, source));
  }

  /** Why an ET_DYN file is a shared library, or null when it is an executable. */
  private static String libraryReason(ElfHeader header, DynamicInfo dynamic) {
    if (header.entry() == 0) {
      return "it has no entry point";
    } else if (dynamic.pieFlag()) {
      return null;
    } else if (dynamic.soname() != null) {
      return "it has a soname and no DF_1_PIE flag";
    } else if (dynamic.interpreter() != null || !dynamic.dynamic()) {
      return null;
    }
    return "nothing marks it as an executable (no PT_INTERP, no DF_1_PIE flag)";
  }

  private static String dynamicMessage(DynamicInfo dynamic) {
    List<String> parts = new ArrayList<>();
    if (dynamic.interpreter() != null) {
      parts.add("the loader " + Decode.printable(dynamic.interpreter()));
    }
    for (String library : dynamic.needed()) {
      parts.add(Decode.printable(library));
    }
    StringBuilder needs = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        needs.append(i == parts.size() - 1 ? " and " : ", ");
      }
      needs.append(parts.get(i));
    }
    if (dynamic.interpreter() == null) {
      return "dynamically linked: needs " + needs + " but names no loader (no PT_INTERP),"
          + " so it cannot start on a scratch image";
    }
    return "dynamically linked: needs " + needs + "; " + SCRATCH_FAILURE;
  }

  private Toolchain toolchain(ElfFile elf, GoBuildInfo go) throws IOException {
    if (go != null || elf.section(".go.buildinfo") != null
        || elf.section(".note.go.buildid") != null) {
      return Toolchain.GO;
    }
    String comment = sectionText(elf.section(".comment"), MAX_NOTE_SECTION_BYTES);
    if (comment.contains("rustc")
        || sectionText(elf.section(".debug_gdb_scripts"), MAX_NOTE_SECTION_BYTES)
            .contains("rust")
        || (elf.section(".symtab") != null
            && hasRustSymbols(sectionText(elf.section(".strtab"), MAX_SYMBOL_NAME_BYTES)))) {
      return Toolchain.RUST;
    }
    if (comment.contains("GCC:") || comment.contains("clang")) {
      return Toolchain.C;
    }
    return Toolchain.UNKNOWN;
  }

  private static boolean hasRustSymbols(String names) {
    return names.contains("rust_begin_unwind") || names.contains("__rust_")
        || names.contains("rust_panic");
  }

  /** The first bytes of a section as Latin-1 text, or "" when it is absent or not in the file. */
  private String sectionText(Section section, int max) throws IOException {
    if (section == null || !section.inFile()) {
      return "";
    }
    byte[] bytes = source.read(section.offset(), (int) Math.min(section.size(), max));
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private String armVariant(ElfFile elf) throws IOException {
    if (elf.header().machine() != Platforms.EM_ARM) {
      return null;
    }
    Section attributes = elf.section(".ARM.attributes");
    if (attributes == null || !attributes.inFile()) {
      return null;
    }
    byte[] bytes = source.read(attributes.offset(),
        (int) Math.min(attributes.size(), ArmAttributes.MAX_BYTES));
    return ArmAttributes.variant(bytes, elf.header().bigEndian());
  }
}
