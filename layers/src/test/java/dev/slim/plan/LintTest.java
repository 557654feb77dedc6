package dev.slim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.inspect.Uses;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LintTest {

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private static Inspection goHello() throws Exception {
    return Inspector.inspect(fixture("go-hello-linux-amd64"));
  }

  @Test
  void helloWorldNeedsNothing() throws Exception {
    Inspection binary = goHello();
    assertThat(Lint.check(binary, Uses.of(binary), Base.SCRATCH)).isEmpty();
  }

  @Test
  void warnsForTlsOnScratchAndNamesTheFix() throws Exception {
    Inspection binary = goHello();
    Uses uses = new Uses(true, false, false, false);
    LintWarning warning = Lint.check(binary, uses, Base.SCRATCH).get(0);
    assertThat(warning.name()).isEqualTo("no-ca-bundle");
    assertThat(warning.file()).isEqualTo(binary.file().toString());
    assertThat(warning.message()).contains("crypto/x509").contains("use --base static");
    assertThat(Lint.check(binary, uses, Base.SCRATCH)).hasSize(1);
    assertThat(Lint.check(binary, uses, new Base(Base.Kind.STATIC, null, false))).isEmpty();
  }

  @Test
  void embeddedRootsNeedNoBundle() throws Exception {
    Uses uses = new Uses(true, true, false, false);
    assertThat(Lint.check(goHello(), uses, Base.SCRATCH)).isEmpty();
  }

  @Test
  void warnsForLoadLocationWithoutTzdata() throws Exception {
    Inspection binary = goHello();
    Uses uses = new Uses(false, false, true, false);
    assertThat(Lint.check(binary, uses, new Base(Base.Kind.STATIC, null, false)))
        .singleElement().satisfies(w -> {
          assertThat(w.name()).isEqualTo("no-zoneinfo");
          assertThat(w.message()).contains("time.LoadLocation").contains("--tzdata");
        });
    assertThat(Lint.check(binary, uses, new Base(Base.Kind.STATIC, null, true))).isEmpty();
    assertThat(Lint.check(binary, new Uses(false, false, true, true), Base.SCRATCH)).isEmpty();
  }
}
