package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArmAttributesTest {

  @ParameterizedTest(name = "Tag_CPU_arch {0} is {1}")
  @CsvSource({"4, v5", "6, v6", "9, v6", "10, v7", "14, v8"})
  void mapsCpuArchToVariant(int cpuArch, String variant) {
    assertThat(ArmAttributes.variant(attributes(cpuArch), false)).isEqualTo(variant);
  }

  @ParameterizedTest(name = "Tag_CPU_arch {0} has no variant")
  @ValueSource(ints = {0, 1, 2, 99})
  void leavesOldOrUnknownArchitecturesOpen(int cpuArch) {
    assertThat(ArmAttributes.variant(attributes(cpuArch), false)).isNull();
  }

  @ParameterizedTest(name = "malformed attributes #{index}")
  @ValueSource(strings = {"", "B", "A", "A\u00ff\u00ff\u00ff\u00ff", "A\u0005\u0000\u0000\u0000"})
  void ignoresMalformedAttributes(String text) {
    assertThat(ArmAttributes.variant(text.getBytes(StandardCharsets.ISO_8859_1), false)).isNull();
  }

  @ParameterizedTest(name = "cut at {0}")
  @ValueSource(ints = {1, 5, 10, 15, 20, 30, 40})
  void ignoresTruncatedAttributes(int length) {
    byte[] whole = attributes(10);
    byte[] cut = java.util.Arrays.copyOf(whole, Math.min(length, whole.length - 1));

    assertThat(ArmAttributes.variant(cut, false)).isNull();
  }

  /**
   * Attributes laid out as GCC writes them for {@code -march=armv7-a}: Tag_CPU_name "7-A",
   * Tag_CPU_arch, Tag_CPU_arch_profile 'A', Tag_ARM_ISA_use, Tag_THUMB_ISA_use, in a second
   * vendor subsection after a foreign one.
   */
  private static byte[] attributes(int cpuArch) {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(5); // Tag_CPU_name
    file.writeBytes("7-A\0".getBytes(StandardCharsets.ISO_8859_1));
    file.write(6); // Tag_CPU_arch
    file.write(cpuArch);
    file.write(7); // Tag_CPU_arch_profile
    file.write('A');
    file.write(8);
    file.write(1);
    file.write(9);
    file.write(2);
    byte[] fileAttributes = file.toByteArray();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('A');
    byte[] foreign = "gnu\0\u0001\u0006\0\0\0\u0000".getBytes(StandardCharsets.ISO_8859_1);
    writeU32(out, 4 + foreign.length);
    out.writeBytes(foreign);
    writeU32(out, 4 + 6 + 1 + 4 + fileAttributes.length);
    out.writeBytes("aeabi\0".getBytes(StandardCharsets.ISO_8859_1));
    out.write(1); // Tag_File
    writeU32(out, 1 + 4 + fileAttributes.length);
    out.writeBytes(fileAttributes);
    return out.toByteArray();
  }

  private static void writeU32(ByteArrayOutputStream out, int value) {
    out.write(value);
    out.write(value >>> 8);
    out.write(value >>> 16);
    out.write(value >>> 24);
  }
}
