package dev.slim.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.slim.inspect.GoBuildInfo.Module;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoBuildInfoTest {

  static final Module GREET = new Module("example.com/slim/greet", "v0.1.0", null,
      new Module("../greet", "(devel)", null, null));

  @Test
  void readsVersionModulesAndSettings() {
    GoBuildInfo go = Fixtures.inspect("go-hello-linux-amd64").go();

    assertThat(go.goVersion()).isEqualTo("go1.19.8");
    assertThat(go.path()).isEqualTo("example.com/slim/hello");
    assertThat(go.main()).isEqualTo(new Module("example.com/slim/hello", "(devel)", null, null));
    assertThat(go.deps()).containsExactly(GREET);
    assertThat(go.deps().get(0).replacement().path()).isEqualTo("../greet");
    // The fixtures are built with -trimpath, and Go then leaves -ldflags out of the build info.
    assertThat(go.settings()).containsExactly(
        entry("-compiler", "gc"),
        entry("-trimpath", "true"),
        entry("CGO_ENABLED", "0"),
        entry("GOARCH", "amd64"),
        entry("GOOS", "linux"),
        entry("GOAMD64", "v1"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "go-hello-linux-arm64,   arm64",
    "go-hello-linux-s390x,   s390x",
    "go-hello-linux-arm-v7,  arm",
    "go-hello-linux-386,     386",
    "go-hello-linux-ppc64le, ppc64le",
    "go-hello-linux-riscv64, riscv64",
    "go-hello-linux-amd64-unstripped, amd64",
  })
  void readsBuildInfoOfEveryArchitecture(String fixture, String goarch) {
    Inspection inspection = Fixtures.inspect(fixture);

    assertThat(inspection.toolchain()).isEqualTo(Toolchain.GO);
    assertThat(inspection.go().goVersion()).isEqualTo("go1.19.8");
    assertThat(inspection.go().setting("GOARCH")).isEqualTo(goarch);
    assertThat(inspection.go().setting("GOOS")).isEqualTo("linux");
    assertThat(inspection.go().setting("CGO_ENABLED")).isEqualTo("0");
    assertThat(inspection.go().deps()).containsExactly(GREET);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "go-hello-linux-amd64", "go-hello-linux-s390x", "go-hello-linux-arm-v7",
    "go-cgo-dynamic-linux-amd64"})
  void agreesWithGoVersionM(String fixture) throws Exception {
    String output = goVersionM(fixture);
    if (output == null) {
      String why = "'go version -m' is not available to cross-check the parser";
      if (System.getenv("CI") != null) {
        throw new AssertionError(why + "; CI installs golang-go, so this must not be skipped");
      }
      System.out.println("skipped agreesWithGoVersionM: " + why);
      Assumptions.abort(why);
    }

    // The expected values come from go's own text, read field by field here, never through
    // slim's parser: comparing the parser with itself could not fail.
    GoBuildInfo actual = Fixtures.inspect(fixture).go();
    String[] lines = output.split("\n");
    assertThat(actual.goVersion()).isEqualTo(lines[0].substring(lines[0].indexOf(": ") + 2).strip());
    List<String> deps = new java.util.ArrayList<>();
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].strip().split("\t");
      switch (f[0]) {
        case "path" -> assertThat(actual.path()).isEqualTo(f[1]);
        case "mod" -> assertThat(actual.main().path() + " " + actual.main().version())
            .isEqualTo(f[1] + " " + f[2]);
        case "dep" -> deps.add(f[1] + " " + f[2]);
        case "=>" -> deps.set(deps.size() - 1, deps.get(deps.size() - 1) + " => " + f[1] + " "
            + f[2]);
        case "build" -> settings.put(f[1].substring(0, f[1].indexOf('=')),
            f[1].substring(f[1].indexOf('=') + 1));
        default -> assertThat(lines[i].strip()).as("line %d of go version -m", i).isEmpty();
      }
    }
    assertThat(actual.deps()).extracting(d -> d.path() + " " + d.version()
        + (d.replacement() == null ? ""
            : " => " + d.replacement().path() + " " + d.replacement().version()))
        .containsExactlyElementsOf(deps);
    assertThat(actual.settings()).containsExactlyEntriesOf(settings);
  }

  @Test
  void readsPointerFormatOfGoBefore118() {
    ElfPatch binary = ElfPatch.of("go-hello-linux-amd64");
    int header = binary.sectionOffset(".go.buildinfo");
    long address = binary.u64(binary.sectionHeader(".go.buildinfo") + 16);
    int versionLength = binary.bytes[header + 32];
    int modinfoAt = header + 33 + versionLength;
    int modinfoLength = (binary.bytes[modinfoAt] & 0x7f) | (binary.bytes[modinfoAt + 1] << 7);
    assertThat(binary.bytes[modinfoAt + 1] & 0x80).as("two-byte uvarint").isZero();
    // Two Go string headers {data, len} just after the section, in the same writable segment.
    int strings = header + (int) binary.sectionSize(".go.buildinfo");
    binary.put64(strings, address + 33).put64(strings + 8, versionLength);
    binary.put64(strings + 16, address + (modinfoAt + 2 - header)).put64(strings + 24,
        modinfoLength);
    binary.bytes[header + 14] = 8; // pointer size
    binary.bytes[header + 15] = 0; // little-endian, strings not inline
    binary.put64(header + 16, address + (strings - header));
    binary.put64(header + 24, address + (strings + 16 - header));
    binary.bytes[header + 32] = 0; // the inline length is no longer meaningful

    assertThat(binary.inspect().go())
        .isEqualTo(Fixtures.inspect("go-hello-linux-amd64").go());
  }

  @Test
  void findsBuildInfoWithoutSectionHeaders() {
    Inspection inspection = ElfPatch.of("go-hello-linux-amd64")
        .put64(ElfPatch.E_SHOFF, 0).put16(ElfPatch.E_SHNUM, 0).put16(ElfPatch.E_SHSTRNDX, 0)
        .inspect();

    assertThat(inspection.kind()).isEqualTo(Kind.STATIC);
    assertThat(inspection.toolchain()).isEqualTo(Toolchain.GO);
    assertThat(inspection.go()).isEqualTo(Fixtures.inspect("go-hello-linux-amd64").go());
  }

  @Test
  void ignoresBuildInfoWithBrokenLength() {
    ElfPatch binary = ElfPatch.of("go-hello-linux-amd64");
    int header = binary.sectionOffset(".go.buildinfo");
    binary.bytes[header + 33 + binary.bytes[header + 32]] = (byte) 0xff; // modinfo uvarint
    binary.bytes[header + 34 + binary.bytes[header + 32]] = (byte) 0xff;
    binary.bytes[header + 35 + binary.bytes[header + 32]] = (byte) 0x7f;

    Inspection inspection = binary.inspect();

    assertThat(inspection.kind()).isEqualTo(Kind.STATIC);
    assertThat(inspection.toolchain()).isEqualTo(Toolchain.GO);
    assertThat(inspection.go()).isNull();
  }

  @Test
  void unquotesQuotedSettings() {
    String modinfo = String.join("\n",
        "path\texample.com/slim/hello",
        "mod\texample.com/slim/hello\t(devel)\t",
        "build\t-ldflags=\"-s -w -X 'main.x=a b'\"",
        "build\t-gcflags=\"all=\\\"-N -l\\\"\"",
        "build\t\"odd=key\"=v",
        "build\tDefaultGODEBUG=panicnil=1",
        "");

    GoBuildInfo go = GoBuildInfoReader.parseModInfo("go1.22.0", modinfo);

    assertThat(go.settings()).containsExactly(
        entry("-ldflags", "-s -w -X 'main.x=a b'"),
        entry("-gcflags", "all=\"-N -l\""),
        entry("odd=key", "v"),
        entry("DefaultGODEBUG", "panicnil=1"));
  }

  @Test
  void unquotesSettingInBinary() {
    byte[] bytes = Fixtures.bytes("go-hello-linux-amd64");
    Fixtures.replaceInBuildInfo(bytes, "build\t-compiler=gc\n", "build\t-tags=\"a  b\"\n");

    GoBuildInfo go = Fixtures.inspect(bytes, "tags").go();

    assertThat(go.setting("-tags")).isEqualTo("a  b");
    assertThat(go.setting("-compiler")).isNull();
  }

  @Test
  void replacesMainModule() {
    GoBuildInfo go = GoBuildInfoReader.parseModInfo("go1.21.0", String.join("\n",
        "mod\texample.com/a\tv1.0.0\th1:abc=",
        "=>\texample.com/b\tv1.1.0\th1:def=",
        "dep\texample.com/c\tv0.0.1\th1:ghi="));

    assertThat(go.path()).isNull();
    assertThat(go.main()).isEqualTo(new Module("example.com/a", "v1.0.0", "h1:abc=",
        new Module("example.com/b", "v1.1.0", "h1:def=", null)));
    assertThat(go.deps()).containsExactly(new Module("example.com/c", "v0.0.1", "h1:ghi=", null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
    "\"plain\"           | plain",
    "\"tab\\there\"       | 'tab\there'",
    "\"\\x41\\101\\u00e9\" | AAé",
    "\"\\U0001F600\"      | \uD83D\uDE00",
    "\"q\\\"q\"           | q\"q",
  })
  void unquotesGoStringLiterals(String literal, String expected) {
    assertThat(GoBuildInfoReader.unquote(literal)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"\"unterminated", "\"bad \\q escape\"", "\"\\x4\"", "\"a\"b\"",
      "\"\\uD800\"", "'single'"})
  void refusesInvalidGoStringLiterals(String literal) {
    assertThat(GoBuildInfoReader.unquote(literal)).isNull();
  }

  @Test
  void dropsModInfoWithoutSentinels() {
    byte[] bare = "path\tx\n".getBytes(StandardCharsets.UTF_8);

    assertThat(GoBuildInfoReader.unwrap(bare)).isEmpty();
  }

  @Test
  void hasNoBuildInfoForCBinary() {
    assertThat(Fixtures.inspect("c-musl-static").go()).isNull();
  }

  private static String goVersionM(String fixture) throws InterruptedException {
    try {
      Process process = new ProcessBuilder("go", "version", "-m",
          Fixtures.path(fixture).toString()).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
