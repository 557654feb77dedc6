package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed fixture binaries ({@code fixtures/}, located by the {@code slim.fixtures} property). */
final class Fixtures {

  private Fixtures() {}

  static Path dir() {
    String property = System.getProperty("slim.fixtures");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    Path sibling = Path.of("../fixtures");
    return Files.isDirectory(sibling) ? sibling : Path.of("fixtures");
  }

  static Path path(String name) {
    Path file = dir().resolve(name);
    assertThat(file)
        .as("fixture %s is missing; regenerate the fixtures with: bash fixtures/build.sh", file)
        .isRegularFile();
    return file;
  }

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Inspection inspect(String name) {
    try {
      return Inspector.inspect(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Inspects bytes in memory as if they were the file {@code name}. */
  static Inspection inspect(byte[] bytes, String name) {
    return Inspector.inspect(new ByteArrayChannel(bytes, bytes.length), bytes.length,
        Path.of(name));
  }

  /** Replaces the only occurrence of a text in the bytes with a text of the same length. */
  static void replaceOnce(byte[] bytes, String from, String to) {
    byte[] needle = from.getBytes(StandardCharsets.ISO_8859_1);
    byte[] replacement = to.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(replacement).as("replacement for '%s'", from).hasSameSizeAs(needle);
    int found = indexOf(bytes, needle, 0);
    assertThat(found).as("'%s' in the fixture", from).isNotNegative();
    assertThat(indexOf(bytes, needle, found + 1)).as("a second '%s'", from).isNegative();
    System.arraycopy(replacement, 0, bytes, found, replacement.length);
  }

  /**
   * Replaces a text in the Go build info (the modinfo string is in the binary twice: in {@code
   * .go.buildinfo}, which slim reads, and in the runtime's data) with a text of the same length.
   */
  static void replaceInBuildInfo(byte[] bytes, String from, String to) {
    byte[] needle = from.getBytes(StandardCharsets.ISO_8859_1);
    byte[] replacement = to.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(replacement).as("replacement for '%s'", from).hasSameSizeAs(needle);
    int magic = indexOf(bytes, GoBuildInfoReader.MAGIC, 0);
    assertThat(magic).as("Go build info").isNotNegative();
    int found = indexOf(bytes, needle, magic);
    assertThat(found).as("'%s' in the build info", from).isBetween(magic, magic + 4096);
    System.arraycopy(replacement, 0, bytes, found, replacement.length);
  }

  static int indexOf(byte[] bytes, byte[] needle, int from) {
    outer:
    for (int i = from; i <= bytes.length - needle.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (bytes[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
