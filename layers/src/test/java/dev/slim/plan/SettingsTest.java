package dev.slim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The binary's path must fit a ustar header: a name of at most 100 bytes, or a prefix of at most
 * 155 bytes, a {@code /} and a name of at most 100; each folder entry (with its trailing
 * {@code /}) too. Boundaries are counted by hand from those two numbers.
 */
class SettingsTest {

  private static String tooLong(int bytes) {
    return "is too long for a tar header (" + bytes + " bytes): the file name and each folder name"
        + " at most 100 bytes, and the folders before the last 100 bytes at most 155";
  }

  @Test
  void aFileNameOfOneHundredBytesFitsAndOneMoreDoesNot() {
    assertThat(Settings.path("/" + "a".repeat(100))).isNull();
    assertThat(Settings.path("/" + "a".repeat(101))).isEqualTo(tooLong(102));
  }

  @Test
  void bytesNotCharactersAreCounted() {
    assertThat(Settings.path("/" + "é".repeat(50))).isNull();
    assertThat(Settings.path("/" + "é".repeat(50) + "a")).isEqualTo(tooLong(102));
  }

  @Test
  void aLongPathFitsAsAPrefixOf155BytesAndANameOf100() {
    String prefix = "a".repeat(77) + "/" + "b".repeat(77);
    assertThat(Settings.path("/" + prefix + "/" + "n".repeat(100))).isNull();
    assertThat(Settings.path("/" + prefix + "/" + "n".repeat(101))).isEqualTo(tooLong(258));
    assertThat(Settings.path("/a" + prefix + "/" + "n".repeat(100))).isEqualTo(tooLong(258));
  }

  @Test
  void eachFolderEntryMustFitWithItsSlash() {
    assertThat(Settings.path("/" + "d".repeat(99) + "/app")).isNull();
    assertThat(Settings.path("/" + "d".repeat(100) + "/app")).isEqualTo(tooLong(105));
    assertThat(Settings.path("/" + "d".repeat(120) + "/app")).isEqualTo(tooLong(125));
  }

  @Test
  void pathsThatAreNotAbsoluteFilesAreNamedPrintably() {
    assertThat(Settings.path("app"))
        .isEqualTo("must be an absolute file path such as /app, not 'app'");
    assertThat(Settings.path("/a/"))
        .isEqualTo("must be an absolute file path such as /app, not '/a/'");
    assertThat(Settings.path("/a/../b")).isEqualTo("must not contain '.' or '..': /a/../b");
    assertThat(Settings.path("/a\0b")).isEqualTo(
        "must be an absolute file path such as /app, not '/a\\x00b'");
  }

  @Test
  void messagesEscapeControlCharactersAndShortenPast120() {
    assertThat(Settings.printable("a\u001f \u007f~")).isEqualTo("a\\x1f \\x7f~");
    assertThat(Settings.printable("x".repeat(120))).isEqualTo("x".repeat(120));
    assertThat(Settings.printable("x".repeat(121))).isEqualTo("x".repeat(120) + "...");
    assertThat(Settings.printable("x".repeat(130))).isEqualTo("x".repeat(120) + "...");
    // 40 escapes fill the 120 characters after 30: the other ten are cut, and that is said
    assertThat(Settings.printable("\u0001".repeat(40))).isEqualTo("\\x01".repeat(30) + "...");
  }
}
