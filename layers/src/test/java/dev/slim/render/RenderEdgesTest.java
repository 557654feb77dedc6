package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edges of the renderers: an ELF of an unknown machine, the overloads, {@code --top} below 1. */
class RenderEdgesTest {

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  @Test
  void anElfOfAnUnknownMachineSaysWhyThePlatformIsUnknown(@TempDir Path dir) throws Exception {
    byte[] elf = Files.readAllBytes(fixture("c-static-pie"));
    elf[18] = (byte) 0x99; // e_machine, little-endian, at offset 18 of the ELF header
    elf[19] = (byte) 0x99;
    Path odd = Files.write(dir.resolve("odd"), elf);
    String text = Reports.inspectionText(Inspector.inspect(odd));
    assertThat(text).contains("\nplatform:    unknown: e_machine 0x9999 (unknown machine) is not"
        + " a platform slim can build for\n");
  }

  @Test
  void theOverloadsWithoutUsesRenderAsWithNone() throws Exception {
    Inspection i = Inspector.inspect(fixture("go-hello-linux-amd64"));
    assertThat(Reports.inspectionText(i)).isEqualTo(Reports.inspectionText(i, null))
        .startsWith("file:        " + fixture("go-hello-linux-amd64"));
    assertThat(Reports.inspectionJson(i)).isEqualTo(Reports.inspectionJson(i, null))
        .contains("\"toolchain\" : \"go\"");
  }

  @Test
  void topBelowOneIsRefusedAndOneListsTheLargestTag() {
    var r = CleanupTableTest.report(1, null, List.of());
    assertThatThrownBy(() -> CleanupReports.table(r, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("top must be at least 1, not 0");
    assertThat(CleanupReports.table(r, 1)).contains("\nteam/app    v1   sha256:aaaaaaaaaaaa  ")
        .doesNotContain("latest is always kept")
        .contains("1 more tag not shown (--top 1): 500 bytes (500 B) unique to them");
  }
}
