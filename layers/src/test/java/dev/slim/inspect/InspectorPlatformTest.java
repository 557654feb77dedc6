package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.oci.Platform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InspectorPlatformTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "go-hello-linux-amd64,    linux/amd64,   ELF 64-bit LSB",
    "go-hello-linux-arm64,    linux/arm64,   ELF 64-bit LSB",
    "go-hello-linux-s390x,    linux/s390x,   ELF 64-bit MSB",
    "go-hello-linux-arm-v7,   linux/arm/v7,  ELF 32-bit LSB",
    "go-hello-linux-386,      linux/386,     ELF 32-bit LSB",
    "go-hello-linux-ppc64le,  linux/ppc64le, ELF 64-bit LSB",
    "go-hello-linux-riscv64,  linux/riscv64, ELF 64-bit LSB",
    "c-musl-static,           linux/amd64,   ELF 64-bit LSB",
  })
  void readsPlatformOfEachFixture(String fixture, String platform, String format) {
    Inspection inspection = Fixtures.inspect(fixture);

    assertThat(inspection.platform()).hasToString(platform);
    assertThat(inspection.platformNote()).isNull();
    assertThat(inspection.format()).isEqualTo(format);
    assertThat(inspection.kind()).isEqualTo(Kind.STATIC);
  }

  @ParameterizedTest(name = "GOARM={0} gives {1}")
  @CsvSource({"5, linux/arm/v5", "6, linux/arm/v6", "7, linux/arm/v7"})
  void takesArmVariantFromGoarm(String goarm, String platform) {
    byte[] bytes = Fixtures.bytes("go-hello-linux-arm-v7");
    Fixtures.replaceInBuildInfo(bytes, "GOARM=7", "GOARM=" + goarm);

    assertThat(Fixtures.inspect(bytes, "arm").platform()).hasToString(platform);
  }

  @Test
  void leavesArmVariantUnknownWithoutGoarmOrAttributes() {
    byte[] bytes = Fixtures.bytes("go-hello-linux-arm-v7");
    Fixtures.replaceInBuildInfo(bytes, "GOARM=7", "GOXXX=7");

    Inspection inspection = Fixtures.inspect(bytes, "arm");

    assertThat(inspection.platform()).isEqualTo(new Platform("linux", "arm", null));
    assertThat(inspection.platformNote()).isNull();
  }

  @Test
  void namesUnsupportedMachine() {
    Inspection inspection = ElfPatch.of("c-musl-static").put16(ElfPatch.E_MACHINE, 5).inspect();

    assertThat(inspection.kind()).isEqualTo(Kind.STATIC);
    assertThat(inspection.platform()).isNull();
    assertThat(inspection.platformNote())
        .isEqualTo("e_machine 0x5 (Motorola 88000) is not a platform slim can build for");
  }

  @Test
  void namesNonLinuxOsAbi() {
    byte[] bytes = ElfPatch.of("c-musl-static").bytes;
    bytes[ElfPatch.EI_OSABI] = 9;

    Inspection inspection = Fixtures.inspect(bytes, "freebsd");

    assertThat(inspection.platform()).isNull();
    assertThat(inspection.platformNote())
        .isEqualTo("built for FreeBSD (EI_OSABI 9), not Linux; slim builds Linux images");
  }

  @Test
  void treatsGnuOsAbiAsLinux() {
    byte[] bytes = ElfPatch.of("c-musl-static").bytes;
    bytes[ElfPatch.EI_OSABI] = 3;

    assertThat(Fixtures.inspect(bytes, "gnu").platform()).hasToString("linux/amd64");
  }

  @Test
  void namesGoosOtherThanLinux() {
    byte[] bytes = Fixtures.bytes("go-hello-linux-amd64");
    Fixtures.replaceInBuildInfo(bytes, "GOOS=linux", "GOOS=plan9");

    Inspection inspection = Fixtures.inspect(bytes, "plan9");

    assertThat(inspection.platformNote())
        .isEqualTo("built for GOOS=plan9, not Linux; slim builds Linux images");
  }

  @ParameterizedTest(name = "machine {0}, 64-bit {1}, big-endian {2}: {3}")
  @CsvSource({
    "21,  true,  true,  linux/ppc64",
    "21,  true,  false, linux/ppc64le",
    "8,   false, true,  linux/mips",
    "8,   false, false, linux/mipsle",
    "8,   true,  true,  linux/mips64",
    "8,   true,  false, linux/mips64le",
    "258, true,  false, linux/loong64",
    "22,  true,  true,  linux/s390x",
  })
  void mapsMachinesToOciArchitectures(int machine, boolean is64, boolean big, String platform) {
    Platforms.Guess guess = Platforms.of(header(machine, is64, big), null, null);

    assertThat(guess.platform()).hasToString(platform);
    assertThat(guess.note()).isNull();
  }

  @ParameterizedTest(name = "machine {0}, 64-bit {1}")
  @CsvSource(delimiter = '|', value = {
    "62  | false | e_machine 0x3e (x86-64) in an ELF 32-bit LSB file is not a platform slim can"
        + " build for",
    "22  | false | e_machine 0x16 (IBM S/390) in an ELF 32-bit LSB file is not a platform slim"
        + " can build for",
    "243 | false | e_machine 0xf3 (RISC-V) in an ELF 32-bit LSB file is not a platform slim can"
        + " build for",
    "20  | false | e_machine 0x14 (PowerPC) is not a platform slim can build for",
    "4660| true  | e_machine 0x1234 (unknown machine) is not a platform slim can build for",
  })
  void explainsMachinesWithoutOciPlatform(int machine, boolean is64, String note) {
    Platforms.Guess guess = Platforms.of(header(machine, is64, false), null, null);

    assertThat(guess.platform()).isNull();
    assertThat(guess.note()).isEqualTo(note);
  }

  @Test
  void prefersGoarmOverArmAttributes() {
    GoBuildInfo go = new GoBuildInfo("go1.22.0", "x", null, List.of(),
        Map.of("GOARM", "6,softfloat"));

    assertThat(Platforms.of(header(40, false, false), "v7", go).platform())
        .hasToString("linux/arm/v6");
    assertThat(Platforms.of(header(40, false, false), "v7", null).platform())
        .hasToString("linux/arm/v7");
  }

  private static ElfHeader header(int machine, boolean is64, boolean big) {
    return new ElfHeader(is64, big, 0, ElfHeader.ET_EXEC, machine, 0, 0x1000, 64, 0, 56, 1, 64,
        0, 0);
  }
}
