package dev.slim.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TarHeaderTest {

  @Test
  void readsWhatTarStreamWritesIncludingASplitLongName() throws IOException {
    String name = "usr/" + "d".repeat(120) + "/app";
    TarHeader header = TarHeader.parse(TarStream.header(name, 0755, 0, 0, 1234, 0, '0'));
    assertThat(header.name()).isEqualTo(name);
    assertThat(header.size()).isEqualTo(1234);
    assertThat(header.isFile()).isTrue();
    assertThat(header.paddedSize()).isEqualTo(1536);
  }

  @Test
  void aZeroBlockEndsTheArchive() throws IOException {
    assertThat(TarHeader.parse(new byte[TarHeader.BLOCK])).isNull();
  }

  @Test
  void readsBase256SizesAndPaxAndGnuLongNames() throws IOException {
    byte[] block = TarStream.header("x", 0644, 0, 0, 0, 0, 'x');
    java.util.Arrays.fill(block, 124, 136, (byte) 0);
    block[124] = (byte) 0x80;
    block[135] = 40;
    TarHeader pax = TarHeader.parse(block);
    assertThat(pax.size()).isEqualTo(40);
    assertThat(pax.isLongName()).isTrue();
    assertThat(pax.longName("30 path=very/long/name/of/app\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("very/long/name/of/app");
    TarHeader gnu = TarHeader.parse(TarStream.header("././@LongLink", 0644, 0, 0, 5, 0, 'L'));
    assertThat(gnu.longName("name\0".getBytes(StandardCharsets.UTF_8))).isEqualTo("name");
  }

  @Test
  void garbageIsNotAHeader() {
    byte[] block = new byte[TarHeader.BLOCK];
    block[0] = 'a';
    block[124] = 'z';
    assertThatThrownBy(() -> TarHeader.parse(block)).isInstanceOf(IOException.class)
        .hasMessageContaining("not a tar archive");
  }
}
