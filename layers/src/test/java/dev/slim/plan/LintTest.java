package dev.slim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.inspect.Uses;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LintTest {

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private static Inspection goHello() throws Exception {
    return Inspector.inspect(fixture("go-hello-linux-amd64"));
  }

  /** The fixtures are built with -trimpath but keep their build id. */
  private static final String BUILD_ID = "go-build-id";

  private static List<String> names(List<LintWarning> warnings) {
    return warnings.stream().map(LintWarning::name).toList();
  }

  @Test
  void helloWorldNeedsNothing() throws Exception {
    Inspection binary = goHello();
    assertThat(names(Lint.check(binary, Uses.of(binary), Base.SCRATCH))).containsExactly(BUILD_ID);
  }

  @Test
  void aBuildIdIsNotReproducibleOnAnyBase() throws Exception {
    Inspection binary = goHello();
    LintWarning warning = Lint.check(binary, Uses.NOTHING, Base.SCRATCH).get(0);
    assertThat(warning.message()).contains("not reproducible").contains("-ldflags=-buildid=");
    assertThat(names(Lint.check(binary, Uses.NOTHING,
        new Base(Base.Kind.IMAGE, "alpine:3.19", false)))).containsExactly(BUILD_ID);
  }

  @Test
  void aBinaryThatIsNotGoHasNoReproducibilityWarnings() throws Exception {
    Inspection binary = Inspector.inspect(fixture("c-musl-static"));
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
    assertThat(names(Lint.check(binary, uses, Base.SCRATCH)))
        .containsExactly("no-ca-bundle", BUILD_ID);
    assertThat(names(Lint.check(binary, uses, new Base(Base.Kind.STATIC, null, false))))
        .containsExactly(BUILD_ID);
  }

  @Test
  void embeddedRootsNeedNoBundle() throws Exception {
    Uses uses = new Uses(true, true, false, false);
    assertThat(names(Lint.check(goHello(), uses, Base.SCRATCH))).containsExactly(BUILD_ID);
  }

  @Test
  void warnsForLoadLocationWithoutTzdata() throws Exception {
    Inspection binary = goHello();
    Uses uses = new Uses(false, false, true, false);
    assertThat(Lint.check(binary, uses, new Base(Base.Kind.STATIC, null, false)).get(0))
        .satisfies(w -> {
          assertThat(w.name()).isEqualTo("no-zoneinfo");
          assertThat(w.message()).contains("time.LoadLocation").contains("--tzdata");
        });
    assertThat(names(Lint.check(binary, uses, new Base(Base.Kind.STATIC, null, false))))
        .containsExactly("no-zoneinfo", BUILD_ID);
    assertThat(names(Lint.check(binary, uses, new Base(Base.Kind.STATIC, null, true))))
        .containsExactly(BUILD_ID);
    assertThat(names(Lint.check(binary, new Uses(false, false, true, true), Base.SCRATCH)))
        .containsExactly(BUILD_ID);
  }
}
