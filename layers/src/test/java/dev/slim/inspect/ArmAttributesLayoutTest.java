package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The layouts of {@code .ARM.attributes} that {@link ArmAttributesTest} leaves out: every
 * Tag_CPU_arch value, big-endian binaries, each kind of attribute that may come before
 * Tag_CPU_arch, multi-byte ULEB128 numbers, other sub-subsections, sizes at their limits.
 */
class ArmAttributesLayoutTest {

  @Test
  void everyCpuArchHasItsVariant() {
    String[] expected = {null, null, null, "v5", "v5", "v5", "v6", "v6", "v6", "v6", "v7", "v6",
        "v6", "v7", "v8", "v8", "v8", "v8", "v8", "v8", "v8", "v8", "v8", null, null};
    for (int arch = 0; arch < expected.length; arch++) {
      assertThat(ArmAttributes.variantOf(arch)).as("Tag_CPU_arch %d", arch)
          .isEqualTo(expected[arch]);
    }
    assertThat(ArmAttributes.variantOf(-1)).isNull();
  }

  @Test
  void aBigEndianBinarysAttributesAreReadBigEndian() {
    byte[] big = file(true, bytes(6, 10));
    assertThat(ArmAttributes.variant(big, true)).isEqualTo("v7");
    assertThat(ArmAttributes.variant(big, false)).isNull();
    assertThat(ArmAttributes.variant(file(false, bytes(6, 10)), false)).isEqualTo("v7");
  }

  @Test
  void everyKindOfAttributeBeforeTheCpuArchIsSkippedWhole() {
    // each string holds a 6 and each number is a 6 on its own: misread, they would be the arch
    byte[] before = concat(
        bytes(4), text("\u0006\u0006"), // Tag_CPU_raw_name
        bytes(5), text("\u0006"), // Tag_CPU_name
        bytes(32, 6), text("\u0006"), // Tag_compatibility: a flag and a vendor name
        bytes(67), text("\u0006"), // Tag_conformance
        bytes(34, 0x86, 0x00), // an unknown even tag: a number, here 6 in two bytes
        bytes(65), text("\u0006"), // an unknown odd tag of 32 or more: a string
        bytes(10, 6), // a tag under 32: a number
        bytes(0x86, 0x00, 0x8e, 0x00)); // Tag_CPU_arch = 14 with both in two-byte ULEB128
    assertThat(ArmAttributes.variant(file(false, before), false)).isEqualTo("v8");
  }

  @Test
  void onlyTheFileSubsectionSaysTheArch() {
    byte[] section = sub(2, bytes(6, 4)); // Tag_Section: about some sections only
    byte[] noArch = sub(1, bytes(8, 1)); // Tag_File without Tag_CPU_arch
    byte[] withArch = sub(1, bytes(6, 13));
    byte[] aeabi = vendor(false, "aeabi", concat(section, noArch, withArch));
    assertThat(ArmAttributes.variant(concat(bytes('A'), aeabi), false)).isEqualTo("v7");

    byte[] onlySection = vendor(false, "aeabi", section);
    assertThat(ArmAttributes.variant(concat(bytes('A'), onlySection), false)).isNull();
  }

  @Test
  void anotherVendorsAttributesAreNeverRead() {
    byte[] gnu = vendor(false, "gnu", sub(1, bytes(6, 10)));
    byte[] aeabiPrefix = vendor(false, "aeabix", sub(1, bytes(6, 10)));
    assertThat(ArmAttributes.variant(concat(bytes('A'), gnu), false)).isNull();
    assertThat(ArmAttributes.variant(concat(bytes('A'), aeabiPrefix), false)).isNull();
    byte[] both = concat(bytes('A'), gnu, vendor(false, "aeabi", sub(1, bytes(6, 6))));
    assertThat(ArmAttributes.variant(both, false)).isEqualTo("v6");
  }

  @Test
  void sizesAtTheirLimitsAreTakenAndPastThemRefused() {
    byte[] whole = file(false, bytes(6, 10));
    assertThat(ArmAttributes.variant(whole, false)).isEqualTo("v7");

    byte[] sectionTooLong = whole.clone();
    sectionTooLong[1]++; // the section claims one byte more than there is
    assertThat(ArmAttributes.variant(sectionTooLong, false)).isNull();

    byte[] subTooLong = whole.clone();
    subTooLong[1 + 4 + 6 + 1]++; // the Tag_File sub-subsection runs past its section
    assertThat(ArmAttributes.variant(subTooLong, false)).isNull();

    byte[] subTooShort = whole.clone();
    subTooShort[1 + 4 + 6 + 1] = 4; // shorter than its own tag and size
    assertThat(ArmAttributes.variant(subTooShort, false)).isNull();

    byte[] sectionTooShort = concat(bytes('A'), u32(false, 3), bytes(0, 0, 0, 0));
    assertThat(ArmAttributes.variant(sectionTooShort, false)).isNull();
  }

  @Test
  void aNumberThatOverflowsOrPassesAnIntIsNoArch() {
    // 2^32 + 10: cut to an int it would read as v7
    byte[] huge = bytes(6, 0x8a, 0x80, 0x80, 0x80, 0x10);
    assertThat(ArmAttributes.variant(file(false, huge), false)).isNull();
    // ten bytes: the tenth would hold bit 63 and up, past what a long has room for
    byte[] endless = bytes(6, 0x8a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
    assertThat(ArmAttributes.variant(file(false, endless), false)).isNull();
    byte[] endlessTag = concat(new byte[] {(byte) 0x86, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00},
        bytes(10));
    assertThat(ArmAttributes.variant(file(false, endlessTag), false)).isNull();
  }

  @Test
  void anEmptySectionOrSubsectionIsPassedOver() {
    byte[] empty = concat(u32(false, 4));
    byte[] later = vendor(false, "aeabi", sub(1, bytes(6, 10)));
    assertThat(ArmAttributes.variant(concat(bytes('A'), empty, later), false)).isEqualTo("v7");

    byte[] emptyFile = vendor(false, "aeabi", concat(sub(1, new byte[0]), sub(1, bytes(6, 6))));
    assertThat(ArmAttributes.variant(concat(bytes('A'), emptyFile), false)).isEqualTo("v6");

    byte[] lastEmpty = vendor(false, "aeabi", sub(1, new byte[0]));
    assertThat(ArmAttributes.variant(concat(bytes('A'), lastEmpty, later), false))
        .isEqualTo("v7");

    byte[] noArch = vendor(false, "aeabi", sub(1, bytes(8, 1)));
    assertThat(ArmAttributes.variant(concat(bytes('A'), noArch, later), false)).isEqualTo("v7");
  }

  @Test
  void aLongCpuNameBeforeTheArchIsSkipped() {
    byte[] name = concat(bytes(5), text("x".repeat(200)), bytes(6, 10));
    assertThat(ArmAttributes.variant(file(false, name), false)).isEqualTo("v7");
  }

  @Test
  void unknownTagsAreNumbersUnderThirtyTwoOrWhenEven() {
    assertThat(ArmAttributes.variant(file(false, bytes(0, 5, 6, 10)), false)).isEqualTo("v7");
    assertThat(ArmAttributes.variant(file(false, bytes(34, 6, 6, 10)), false)).isEqualTo("v7");
    assertThat(ArmAttributes.variant(file(false, bytes(35, 6, 0, 6, 10)), false))
        .isEqualTo("v7");
  }

  @Test
  void whatIsCutAtTheEndOfTheAttributesIsNoArch() {
    assertThat(ArmAttributes.variant(file(false, bytes(6, 0x8a)), false)).isNull();
    assertThat(ArmAttributes.variant(file(false, bytes(5, 'x', 'y')), false)).isNull();
    byte[] lone = concat(bytes('A'), vendor(false, "aeabi", bytes(1, 0, 0)));
    assertThat(ArmAttributes.variant(lone, false)).isNull();
  }

  /** 'A', one "aeabi" section with one Tag_File sub-subsection holding {@code attributes}. */
  private static byte[] file(boolean bigEndian, byte[] attributes) {
    return concat(bytes('A'), vendor(bigEndian, "aeabi", sub(bigEndian, 1, attributes)));
  }

  private static byte[] vendor(boolean bigEndian, String name, byte[] subsections) {
    byte[] body = concat(text(name), subsections);
    return concat(u32(bigEndian, 4 + body.length), body);
  }

  private static byte[] sub(int tag, byte[] attributes) {
    return sub(false, tag, attributes);
  }

  private static byte[] sub(boolean bigEndian, int tag, byte[] attributes) {
    return concat(bytes(tag), u32(bigEndian, 1 + 4 + attributes.length), attributes);
  }

  private static byte[] u32(boolean bigEndian, int value) {
    return bigEndian
        ? bytes(value >>> 24, value >>> 16, value >>> 8, value)
        : bytes(value, value >>> 8, value >>> 16, value >>> 24);
  }

  private static byte[] text(String s) {
    return (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
