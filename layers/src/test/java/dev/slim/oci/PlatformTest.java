package dev.slim.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One rule for "the same platform", as base lookup, --platform and slim.yaml all use it. */
class PlatformTest {

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
      "linux/amd64,    linux/amd64,    true",
      "linux/arm64,    linux/amd64,    false",
      "windows/amd64,  linux/amd64,    false",
      "linux/arm/v7,   linux/arm/v7,   true",
      "linux/arm/v7,   linux/arm/v6,   false",
      "linux/arm/v6,   linux/arm/v7,   false",
      "linux/arm,      linux/arm/v7,   true",
      "linux/arm/v7,   linux/arm,      true",
      "linux/arm64/v8, linux/arm64,    true",
      "linux/arm64/v8, linux/amd64,    false",
      "linux/arm/v7,   linux/arm64/v7, false",
  })
  void matchesOnOsArchitectureAndAVariantBothSidesHave(String a, String b, boolean same) {
    Platform left = Platform.parse(a);
    Platform right = Platform.parse(b);
    assertThat(left.matches(right)).isEqualTo(same);
    assertThat(right.matches(left)).as("symmetric").isEqualTo(same);
  }

  @Test
  void matchesNothingWhenTheOtherSideHasNoPlatform() {
    assertThat(Platform.linux("amd64").matches(null)).isFalse();
  }

  @Test
  void blankVariantIsAbsent() {
    Platform p = new Platform("linux", "arm", " ");
    assertThat(p.variant()).isNull();
    assertThat(p).hasToString("linux/arm");
    assertThat(p.matches(Platform.parse("linux/arm/v6"))).isTrue();
  }

  @Test
  void parsesAndPrintsOsArchVariant() {
    assertThat(Platform.parse("linux/arm/v7")).isEqualTo(new Platform("linux", "arm", "v7"))
        .hasToString("linux/arm/v7");
    assertThat(Platform.parse("linux/amd64")).isEqualTo(Platform.linux("amd64"));
    assertThatThrownBy(() -> Platform.parse("linux"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'linux' is not a platform; expected OS/ARCH[/VARIANT], e.g. linux/arm64");
    assertThatThrownBy(() -> Platform.parse("linux/arm/v7/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Platform.parse("/amd64")).isInstanceOf(IllegalArgumentException.class);
  }
}
