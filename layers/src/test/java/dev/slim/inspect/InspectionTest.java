package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.oci.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectionTest {

  static final Path FILE = Path.of("app");

  @Test
  void copiesNeededLibraries() {
    List<String> needed = new ArrayList<>(List.of("libc.so.6"));
    Inspection inspection = dynamic(needed);

    needed.add("libm.so.6");

    assertThat(inspection.needed()).containsExactly("libc.so.6").isUnmodifiable();
  }

  @Test
  void refusesStaticVerdictWithLoader() {
    assertThatThrownBy(() -> new Inspection(FILE, 1, Kind.STATIC, "ELF 64-bit LSB", null, "n",
        "/lib/ld.so", List.of(), true, 0, 0, Toolchain.C, null, "m", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a static binary has no interpreter, no needed libraries and no fix");
  }

  @Test
  void refusesVerdictWithoutMessage() {
    assertThatThrownBy(() -> Inspection.rejected(FILE, 0, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an inspection needs a message");
  }

  @Test
  void refusesStripHintForStrippedBinary() {
    assertThatThrownBy(() -> new Inspection(FILE, 1, Kind.STATIC, "ELF 64-bit LSB", null, "n",
        null, List.of(), true, 0, 0, Toolchain.GO, null, "m", null, "strip it"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a stripped binary needs no strip hint");
  }

  @Test
  void refusesElfVerdictWithoutFormat() {
    assertThatThrownBy(() -> new Inspection(FILE, 1, Kind.STATIC, null, null, "n", null,
        List.of(), true, 0, 0, Toolchain.GO, null, "m", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a static verdict needs the ELF format");
  }

  @Test
  void keepsGoSettingsInBinaryOrder() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("-compiler", "gc");
    settings.put("CGO_ENABLED", "0");
    settings.put("GOARCH", "amd64");
    GoBuildInfo go = new GoBuildInfo("go1.19.8", "p", null, List.of(), settings);

    settings.put("GOOS", "linux");

    assertThat(go.settings().keySet()).containsExactly("-compiler", "CGO_ENABLED", "GOARCH");
    assertThat(go.settings()).isUnmodifiable();
  }

  @Test
  void normalisesBlankModuleFields() {
    GoBuildInfo.Module module = new GoBuildInfo.Module("example.com/m", " ", "", null);

    assertThat(module.version()).isNull();
    assertThat(module.sum()).isNull();
  }

  private static Inspection dynamic(List<String> needed) {
    return new Inspection(FILE, 1, Kind.DYNAMIC, "ELF 64-bit LSB",
        Platform.linux("amd64"), null, "/lib64/ld-linux-x86-64.so.2", needed, true, 0, 0,
        Toolchain.C, null, "m", "h", null);
  }
}
