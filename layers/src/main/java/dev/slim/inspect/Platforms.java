package dev.slim.inspect;

import dev.slim.oci.Platform;
import java.util.Map;

/** The OCI platform of an ELF binary, from e_machine, class, byte order, EI_OSABI and Go's GOOS. */
final class Platforms {

  static final int EM_386 = 3;
  static final int EM_MIPS = 8;
  static final int EM_PPC64 = 21;
  static final int EM_S390 = 22;
  static final int EM_ARM = 40;
  static final int EM_X86_64 = 62;
  static final int EM_AARCH64 = 183;
  static final int EM_RISCV = 243;
  static final int EM_LOONGARCH = 258;

  private static final Map<Integer, String> MACHINES = Map.ofEntries(
      Map.entry(0, "no machine"),
      Map.entry(2, "SPARC"),
      Map.entry(EM_386, "Intel 80386"),
      Map.entry(4, "Motorola 68000"),
      Map.entry(5, "Motorola 88000"),
      Map.entry(7, "Intel 80860"),
      Map.entry(EM_MIPS, "MIPS"),
      Map.entry(15, "PA-RISC"),
      Map.entry(20, "PowerPC"),
      Map.entry(EM_PPC64, "PowerPC64"),
      Map.entry(EM_S390, "IBM S/390"),
      Map.entry(EM_ARM, "ARM"),
      Map.entry(42, "SuperH"),
      Map.entry(43, "SPARC V9"),
      Map.entry(50, "IA-64"),
      Map.entry(EM_X86_64, "x86-64"),
      Map.entry(83, "Atmel AVR"),
      Map.entry(94, "Tensilica Xtensa"),
      Map.entry(EM_AARCH64, "AArch64"),
      Map.entry(247, "eBPF"),
      Map.entry(EM_RISCV, "RISC-V"),
      Map.entry(EM_LOONGARCH, "LoongArch"));

  private static final Map<Integer, String> OS_ABIS = Map.ofEntries(
      Map.entry(1, "HP-UX"),
      Map.entry(2, "NetBSD"),
      Map.entry(6, "Solaris"),
      Map.entry(7, "AIX"),
      Map.entry(8, "IRIX"),
      Map.entry(9, "FreeBSD"),
      Map.entry(10, "Tru64"),
      Map.entry(12, "OpenBSD"),
      Map.entry(13, "OpenVMS"),
      Map.entry(97, "ARM OABI"),
      Map.entry(255, "standalone"));

  private static final int ELFOSABI_SYSV = 0;
  private static final int ELFOSABI_LINUX = 3;

  private Platforms() {}

  /**
   * A platform, or why there is none.
   *
   * @param note null when platform is set
   */
  record Guess(Platform platform, String note) {}

  /**
   * @param armVariant the variant from .ARM.attributes, or null
   * @param go the Go build info, or null
   */
  static Guess of(ElfHeader header, String armVariant, GoBuildInfo go) {
    int osAbi = header.osAbi();
    if (osAbi != ELFOSABI_SYSV && osAbi != ELFOSABI_LINUX) {
      return new Guess(null, "built for " + OS_ABIS.getOrDefault(osAbi, "an unknown OS")
          + " (EI_OSABI " + osAbi + "), not Linux; slim builds Linux images");
    }
    String goos = go == null ? null : go.setting("GOOS");
    if (goos != null && !goos.equals("linux") && !goos.equals("android")) {
      return new Guess(null, "built for GOOS=" + goos + ", not Linux; slim builds Linux images");
    }
    String architecture = architecture(header);
    if (architecture == null) {
      int machine = header.machine();
      return new Guess(null, "e_machine " + Decode.hex(machine) + " ("
          + MACHINES.getOrDefault(machine, "unknown machine") + ")"
          + (MACHINES.containsKey(machine) && isKnownOtherClass(header)
              ? " in an " + header.format() + " file" : "")
          + " is not a platform slim can build for");
    }
    String variant = null;
    if (architecture.equals("arm")) {
      variant = goArmVariant(go);
      if (variant == null) {
        variant = armVariant;
      }
    }
    return new Guess(new Platform("linux", architecture, variant), null);
  }

  /** The OCI (GOARCH) architecture name, or null. */
  private static String architecture(ElfHeader header) {
    boolean is64 = header.is64();
    boolean big = header.bigEndian();
    return switch (header.machine()) {
      case EM_X86_64 -> is64 ? "amd64" : null;
      case EM_AARCH64 -> is64 && !big ? "arm64" : null;
      case EM_ARM -> !is64 && !big ? "arm" : null;
      case EM_386 -> is64 ? null : "386";
      case EM_PPC64 -> is64 ? (big ? "ppc64" : "ppc64le") : null;
      case EM_S390 -> is64 && big ? "s390x" : null;
      case EM_RISCV -> is64 && !big ? "riscv64" : null;
      case EM_LOONGARCH -> is64 && !big ? "loong64" : null;
      case EM_MIPS -> is64 ? (big ? "mips64" : "mips64le") : (big ? "mips" : "mipsle");
      default -> null;
    };
  }

  /** Whether the machine is one slim knows in the other word size (x32, 31-bit s390, ...). */
  private static boolean isKnownOtherClass(ElfHeader header) {
    int machine = header.machine();
    return machine == EM_X86_64 || machine == EM_AARCH64 || machine == EM_ARM
        || machine == EM_386 || machine == EM_PPC64 || machine == EM_S390
        || machine == EM_RISCV || machine == EM_LOONGARCH;
  }

  /** GOARM=7 (or "7,softfloat" since Go 1.22) gives v7. */
  private static String goArmVariant(GoBuildInfo go) {
    String goarm = go == null ? null : go.setting("GOARM");
    if (goarm == null || goarm.isEmpty()) {
      return null;
    }
    return switch (goarm.charAt(0)) {
      case '5' -> "v5";
      case '6' -> "v6";
      case '7' -> "v7";
      default -> null;
    };
  }
}
