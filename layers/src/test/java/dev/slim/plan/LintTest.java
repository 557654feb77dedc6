package dev.slim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.inspect.Uses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintTest {

  @TempDir Path tmp;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  /** The hello fixture with Go function names appended, as a linker would have kept them. */
  private Inspection goBinaryNaming(String... functions) throws Exception {
    Path file = tmp.resolve("app-" + functions.length);
    Files.copy(fixture("go-hello-linux-amd64"), file);
    for (String f : functions) {
      Files.write(file, ("\0" + f + "\0").getBytes(StandardCharsets.ISO_8859_1),
          StandardOpenOption.APPEND);
    }
    return Inspector.inspect(file);
  }

  @Test
  void helloWorldNeedsNothing() throws Exception {
    Inspection binary = Inspector.inspect(fixture("go-hello-linux-amd64"));
    assertThat(Uses.of(binary)).isEqualTo(Uses.NOTHING);
    assertThat(Lint.check(binary, Uses.of(binary), Base.SCRATCH)).isEmpty();
  }

  @Test
  void warnsForTlsOnScratchAndNamesTheFix() throws Exception {
    Inspection binary = goBinaryNaming("crypto/x509.(*CertPool).AppendCertsFromPEM");
    Uses uses = Uses.of(binary);
    assertThat(uses.certificates()).isTrue();
    assertThat(Lint.check(binary, uses, Base.SCRATCH)).singleElement().asString()
        .contains("crypto/x509").contains("use --base static");
    assertThat(Lint.check(binary, uses, new Base(Base.Kind.STATIC, null, false))).isEmpty();
  }

  @Test
  void embeddedRootsNeedNoBundle() throws Exception {
    Inspection binary = goBinaryNaming("crypto/x509.ParseCertificate",
        "golang.org/x/crypto/x509roots/fallback.init");
    assertThat(Lint.check(binary, Uses.of(binary), Base.SCRATCH)).isEmpty();
  }

  @Test
  void warnsForLoadLocationWithoutTzdata() throws Exception {
    Inspection binary = goBinaryNaming("time.LoadLocation");
    Uses uses = Uses.of(binary);
    assertThat(Lint.check(binary, uses, new Base(Base.Kind.STATIC, null, false)))
        .singleElement().asString().contains("time.LoadLocation").contains("--tzdata");
    assertThat(Lint.check(binary, uses, new Base(Base.Kind.STATIC, null, true))).isEmpty();
    Inspection embedded =
        goBinaryNaming("time.LoadLocation", "time/tzdata.registerLoadFromEmbeddedTZData");
    assertThat(Lint.check(embedded, Uses.of(embedded), Base.SCRATCH)).isEmpty();
  }

  @Test
  void findsANameThatCrossesAChunkBoundary() throws Exception {
    Path file = tmp.resolve("big");
    Files.copy(fixture("go-hello-linux-amd64"), file);
    long size = Files.size(file);
    long pad = ((size / (1 << 20)) + 1) * (1 << 20) - size - 5;
    Files.write(file, new byte[(int) pad], StandardOpenOption.APPEND);
    Files.write(file, "time.LoadLocation".getBytes(StandardCharsets.ISO_8859_1),
        StandardOpenOption.APPEND);
    assertThat(Uses.of(Inspector.inspect(file)).timeZones()).isTrue();
  }
}
