package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.inspect.Uses;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What {@code slim inspect} prints for real fixtures, line by line. Checked by hand, not taken
 * from slim: sizes with {@code stat -c %s}, Go versions, modules and build settings with
 * {@code go version -m}, build ids with {@code go tool buildid}, the loader and libraries with
 * {@code readelf -l/-d}, the rest against fixtures/README.md.
 */
class InspectionTextTest {

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private static String text(String name, boolean uses) throws Exception {
    Inspection i = Inspector.inspect(fixture(name));
    return Reports.inspectionText(i, uses ? Uses.of(i) : null);
  }

  private static final String GO_HELLO = """
      verdict:     static: can run on scratch
      format:      ELF 64-bit LSB
      platform:    linux/amd64
      toolchain:   go
      """;

  private static final String GO_HELLO_BUILD = """
      go:          go1.19.8
      go path:     example.com/slim/hello
      go main:     example.com/slim/hello (devel)
      go dep:      example.com/slim/greet v0.1.0 => ../greet (devel)
      go build:    -compiler=gc
      go build:    -trimpath=true
      go build:    CGO_ENABLED=0
      go build:    GOARCH=amd64
      go build:    GOOS=linux
      go build:    GOAMD64=v1
      """;

  @Test
  void aStrippedGoBinaryShowsItsBuildAndWhyItIsNotReproducible() throws Exception {
    assertThat(text("go-hello-linux-amd64", false)).isEqualTo("file:        "
        + fixture("go-hello-linux-amd64") + " (1212416 bytes, 1.2 MiB)\n" + GO_HELLO
        + "stripped:    yes\n" + GO_HELLO_BUILD
        + "go build id: KQRgxaKpL31xzjn799uL/xnwarPmWXL55Tt7ZCA5J/joUn7y6KGgdRhOMSjxAd/"
        + "KxE7O4K70Vk3yjRD9T9C\n"
        + "reproducible: no: has a build id\n");
  }

  @Test
  void anUnstrippedOneSaysWhatStrippingSaves() throws Exception {
    String text = text("go-hello-linux-amd64-unstripped", false);
    assertThat(text).startsWith("file:        " + fixture("go-hello-linux-amd64-unstripped")
        + " (1814172 bytes, 1.7 MiB)\n" + GO_HELLO + "stripped:    no\n"
        + "debug info:  505107 bytes (493.3 KiB)\n"
        + "strip saves: 601751 bytes (587.6 KiB): rebuild with -ldflags=\"-s -w\"\n"
        + GO_HELLO_BUILD);
  }

  @Test
  void aDynamicBinaryShowsWhyItsLoaderItsLibrariesAndTheFix() throws Exception {
    assertThat(text("c-dynamic", true)).isEqualTo("file:        " + fixture("c-dynamic")
        + " (14480 bytes, 14.1 KiB)\n"
        + "verdict:     dynamic\n"
        + "why:         dynamically linked: needs the loader /lib64/ld-linux-x86-64.so.2 and"
        + " libc.so.6; a scratch image would fail with 'exec /app: no such file or directory'\n"
        + "fix:         link statically: gcc -static, or musl-gcc -static\n"
        + "format:      ELF 64-bit LSB\n"
        + "platform:    linux/amd64\n"
        + "interpreter: /lib64/ld-linux-x86-64.so.2\n"
        + "needs:       libc.so.6\n"
        + "toolchain:   c\n"
        + "stripped:    yes\n");
  }

  @Test
  void aGoBinaryThatNeedsCertificatesAndZonesSaysSo() throws Exception {
    assertThat(text("go-needs-linux-amd64", true)).endsWith(
        "go build id: bfJZtOojSlnbUnK0gfGb/ie63vmkGsYKKiAv0Rmgd/MV2UrdWGEMAQCC85GIaJ/"
        + "-S6VDukVTfZpjRL4D6zA\n"
        + "reproducible: no: has a build id\n"
        + "uses:        crypto/x509 (needs CA certificates: --base static), time.LoadLocation"
        + " (needs zone files: --base static --tzdata)\n");
  }

  @Test
  void aScriptIsRejectedNamingItsInterpreter() throws Exception {
    assertThat(text("script.sh", false)).isEqualTo("file:        " + fixture("script.sh")
        + " (41 bytes, 41 B)\n"
        + "verdict:     rejected\n"
        + "why:         a script, not a binary: it needs the interpreter /bin/sh, which a scratch"
        + " image does not have\n");
  }
}
