package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.oci.MediaTypes;
import dev.slim.oci.Platform;
import org.junit.jupiter.api.Test;

/** An index entry's platform, as base lookup matches it against the binary's. */
class ManifestChildTest {

  private static final String CHILD = "sha256:" + "c".repeat(64);

  private static Manifest.Child child(String os, String architecture, String variant) {
    return new Manifest.Child(MediaTypes.OCI_MANIFEST, CHILD, 1, os, architecture, variant);
  }

  @Test
  void anEntryWithoutOsOrArchitectureHasNoPlatformAndMatchesNone() {
    assertThat(child(null, null, null).platform()).isNull();
    assertThat(child("linux", null, null).platform()).isNull();
    assertThat(Platform.linux("amd64").matches(child(null, "amd64", null).platform())).isFalse();
  }

  @Test
  void anEntryWithoutVariantMatchesEveryVariantOfItsArchitecture() {
    Platform entry = child("linux", "arm", null).platform();
    assertThat(entry).isEqualTo(Platform.parse("linux/arm"));
    assertThat(Platform.parse("linux/arm/v7").matches(entry)).isTrue();
    assertThat(Platform.parse("linux/arm/v7").matches(child("linux", "arm", "v6").platform()))
        .isFalse();
  }
}
